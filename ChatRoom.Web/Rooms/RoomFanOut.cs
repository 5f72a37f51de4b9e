using ChatRoom.Chat;
using ChatRoom.Diagnostics;
using ChatRoom.Members;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Transport;
using ChatRoom.Wire;

namespace ChatRoom.Rooms;

/// <summary>
/// Hands broadcast events to this instance's members: each encoded once per format and queued to
/// every member without waiting, then written with <see cref="Flush"/>, so that events that come
/// together leave in one write per member. A member that cannot keep up closes itself and leaves
/// through the log.
/// </summary>
public sealed class RoomFanOut(ChatMetrics metrics, ILogger<RoomFanOut> logger)
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
            var frame = member.Id != sequenced.OriginMemberId ? encoded.For(member.Format) : encoded.ForOrigin(member.Format);
            if (frame is null)
            {
                continue;
            }

            if (online is { } count)
            {
                member.KnownOnline = count;
            }

            if (Accepted(member, member.Enqueue(frame)))
            {
                delivered++;
            }
        }

        metrics.EventDelivered(delivered);
    }

    /// <summary>Writes what <see cref="Enqueue"/> queued, to each member whose socket is free.</summary>
    public static void Flush(Member[] members)
    {
        foreach (var member in members)
        {
            member.Flush();
        }
    }

    /// <summary>Delivers one frame to one member now; false when it is closing (now or already).</summary>
    public bool Deliver(Member member, ReadOnlyMemory<byte> frame) => Accepted(member, member.Deliver(frame));

    private bool Accepted(Member member, Delivery delivery)
    {
        switch (delivery)
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
