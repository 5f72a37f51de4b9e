using ChatRoom.Bench.Load;

namespace ChatRoom.Bench.Tests;

/// <summary>Copies due per room, and what the rooms line reports: arithmetic, checked without a server.</summary>
public sealed class RoomAccountingTests
{
    private static readonly RoomLayout TwoRooms = new(2, "r");

    [Fact]
    public void A_local_senders_message_is_due_at_every_other_member_of_its_room_only()
    {
        // Sender 0 (room 0) sent 3, sender 1 (room 1) sent 5; room 0 has 4 live members, room 1 has 10.
        var expected = RoomAccounting.Expected(TwoRooms, [3, 5], [4, 10], sendersAreLocal: true, echo: false);

        Assert.Equal([3 * 3, 5 * 9], expected);
    }

    [Fact]
    public void With_echo_the_sender_is_due_its_own_copy()
    {
        var expected = RoomAccounting.Expected(TwoRooms, [3, 5], [4, 10], sendersAreLocal: true, echo: true);

        Assert.Equal([3 * 4, 5 * 10], expected);
    }

    [Fact]
    public void A_listener_process_expects_every_message_at_each_of_its_members_of_the_senders_room()
    {
        // Highest sequence seen + 1 per remote sender; none of them is a member here.
        var expected = RoomAccounting.Expected(TwoRooms, [3, 5, 2], [4, 10], sendersAreLocal: false, echo: false);

        Assert.Equal([(3 + 2) * 4, 5 * 10], expected);
    }

    [Fact]
    public void A_room_with_no_one_else_expects_nothing()
    {
        var expected = RoomAccounting.Expected(TwoRooms, [7, 0], [1, 0], sendersAreLocal: true, echo: false);

        Assert.Equal([0L, 0L], expected);
    }

    [Fact]
    public void The_summary_counts_rooms_short_of_their_due_and_the_worst_loss()
    {
        var rooms = RoomAccounting.Summarize(
            membersByRoom: [10, 10, 9], sendersByRoom: [1, 1, 0], expected: [90, 90, 0], received: [90, 81, 0], crossRoom: 2);

        Assert.Equal(new Reporting.RoomsResult(3, 9, 10, 0, 1, 1, 10, 2), rooms);
    }
}
