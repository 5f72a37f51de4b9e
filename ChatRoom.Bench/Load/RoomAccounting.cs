namespace ChatRoom.Bench.Load;

/// <summary>
/// Copies due in each room: every message of a sender is due at every live member of the sender's
/// room in this process (not at the sender itself, unless the server echoes). Pure arithmetic, so
/// the per-room counts can be checked without a server.
/// </summary>
public static class RoomAccounting
{
    /// <param name="sentBySender">Messages sent, indexed by sender id.</param>
    /// <param name="liveByRoom">This process's live members per room when sending started.</param>
    /// <param name="sendersAreLocal">The senders are members of this process (and so among the live ones).</param>
    public static long[] Expected(RoomLayout layout, IReadOnlyList<long> sentBySender, IReadOnlyList<int> liveByRoom,
        bool sendersAreLocal, bool echo)
    {
        var expected = new long[layout.Count];
        var self = sendersAreLocal && !echo ? 1 : 0;
        for (var sender = 0; sender < sentBySender.Count; sender++)
        {
            var room = layout.RoomOf(sender);
            expected[room] += sentBySender[sender] * Math.Max(0, liveByRoom[room] - self);
        }

        return expected;
    }

    /// <summary>What the rooms line of the result says: spread of members, and rooms that got less than was due.</summary>
    public static Reporting.RoomsResult Summarize(IReadOnlyList<int> membersByRoom, IReadOnlyList<int> sendersByRoom,
        IReadOnlyList<long> expected, IReadOnlyList<long> received, long crossRoom)
    {
        var roomsShort = 0;
        var worst = 0.0;
        for (var room = 0; room < expected.Count; room++)
        {
            var lost = expected[room] - received[room];
            if (lost > 0)
            {
                roomsShort++;
                worst = Math.Max(worst, lost * 100.0 / expected[room]);
            }
        }

        return new Reporting.RoomsResult(
            expected.Count,
            membersByRoom.Min(),
            membersByRoom.Max(),
            sendersByRoom.Min(),
            sendersByRoom.Max(),
            roomsShort,
            worst,
            crossRoom);
    }
}
