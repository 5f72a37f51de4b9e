namespace ChatRoom.Chat;

/// <summary>
/// Hands one broadcast event to this instance's members: encoded once per format, and queued to
/// each without waiting (written at once to those whose socket is free). A member that cannot keep
/// up closes itself and leaves through the log.
/// </summary>
public sealed class RoomFanOut(ChatMetrics metrics, ILogger<RoomFanOut> logger)
{
    public void Deliver(EncodedEvent encoded, Member[] members)
    {
        var sequenced = encoded.Event;
        var isMessage = sequenced.Body is ChatMessage;
        int? online = sequenced.Body switch
        {
            MemberJoined joined => joined.Online,
            MemberLeft left => left.Online,
            _ => null,
        };

        var delivered = 0;
        foreach (var member in members)
        {
            ReadOnlyMemory<byte> frame;
            if (member.Id != sequenced.OriginMemberId)
            {
                frame = encoded.For(member.Format);
            }
            else if (isMessage && member.Format == WireFormat.Json)
            {
                frame = encoded.JsonAck;
            }
            else
            {
                continue;
            }

            if (online is { } count)
            {
                member.KnownOnline = count;
            }

            if (Deliver(member, frame))
            {
                delivered++;
            }
        }

        metrics.EventDelivered(delivered);
    }

    /// <summary>Delivers a frame to one member; false when it is closing (now or already).</summary>
    public bool Deliver(Member member, ReadOnlyMemory<byte> frame)
    {
        switch (member.Deliver(frame))
        {
            case Delivery.Queued:
                return true;
            case Delivery.Overflowed:
                metrics.SendQueueOverflowed();
                ChatLog.MemberTooSlow(logger, member.Id, member.Name, member.Outbox.Count, member.Outbox.Bytes);
                return false;
            default:
                return false;
        }
    }
}
