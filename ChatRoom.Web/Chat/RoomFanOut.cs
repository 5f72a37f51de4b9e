namespace ChatRoom.Chat;

/// <summary>
/// Delivers sequenced events to this server's members: encodes each event once per format,
/// queues it to every member without waiting, and keeps the history.
/// </summary>
public sealed class RoomFanOut(MemberRegistry members, RoomHistory history, ChatMetrics metrics, ILogger<RoomFanOut> logger)
{
    // Members whose outbox overflowed during a delivery. They cannot leave the room in the middle
    // of one (their leave would overtake the event still being delivered), so the room removes
    // them right after it.
    private readonly Queue<Member> _tooSlow = new();

    public bool TryTakeTooSlow(out Member member) => _tooSlow.TryDequeue(out member!);

    /// <summary>Callers deliver one event at a time, in sequence order.</summary>
    public void Deliver(SequencedEvent sequenced)
    {
        var encoded = new EncodedEvent(sequenced);
        var isMessage = sequenced.Body is ChatMessage;
        if (isMessage)
        {
            history.Record(encoded);
        }

        var delivered = 0;
        foreach (var member in members.All)
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

            switch (member.Send(frame))
            {
                case Delivery.Queued:
                    delivered++;
                    break;
                case Delivery.Overflowed:
                    metrics.SendQueueOverflowed();
                    ChatLog.MemberTooSlow(logger, member.Id, member.Name, member.Outbox.Count);
                    _tooSlow.Enqueue(member);
                    break;
            }
        }

        metrics.EventDelivered(delivered);
    }
}
