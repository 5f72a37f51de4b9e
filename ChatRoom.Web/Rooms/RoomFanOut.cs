using ChatRoom.Diagnostics;
using ChatRoom.Members;
using ChatRoom.Model;
using ChatRoom.Wire;

namespace ChatRoom.Rooms;

/// <summary>
/// Queues frames to members without waiting, for <see cref="RoomOutlet"/>: a broadcast event
/// encoded once per format for every member, or one frame for one member. <see cref="Flush"/>
/// then writes them, so that events that come together leave in one write per member. A member
/// that cannot keep up closes itself and leaves through the log.
/// </summary>
internal sealed class RoomFanOut(ChatMetrics metrics, ILogger<RoomFanOut> logger)
{
    public void Enqueue(EncodedEvent encoded, Member[] members)
    {
        var sequenced = encoded.Event;
        int? online = sequenced.Body switch
        {
            MemberJoined joined => joined.Online,
            MemberLeft left => left.Online,
            _ => null,
        };

        var delivered = 0;
        foreach (var member in members)
        {
            var frame = member.Id != sequenced.OriginMemberId
                ? encoded.For(member.Format)
                : encoded.ForOrigin(member.Format);
            if (frame is null)
            {
                continue;
            }

            if (online is { } count)
            {
                member.KnownOnline = count;
            }

            if (Queue(member, frame))
            {
                delivered++;
            }
        }

        metrics.EventDelivered(delivered);
    }

    /// <summary>Writes what was queued, to each member whose socket is free.</summary>
    public static void Flush(Member[] members)
    {
        foreach (var member in members)
        {
            member.Flush();
        }
    }

    /// <summary>Queues one frame to one member; false when it is closing (now or already).</summary>
    public bool Queue(Member member, ReadOnlyMemory<byte> frame)
    {
        switch (member.Enqueue(frame))
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
