using ChatRoom.Bench.Load;

namespace ChatRoom.Bench.Tests;

/// <summary>Which room each member joins: round robin, so the first members (the senders) spread evenly.</summary>
public sealed class RoomLayoutTests
{
    private static readonly int[] SomeMembers = [0, 1, 9, 10, 1003];

    [Fact]
    public void Ten_thousand_members_over_a_thousand_rooms_are_ten_per_room_with_one_sender_each()
    {
        var layout = new RoomLayout(1000, "r");

        Assert.All(layout.MembersPerRoom(0, 10_000), members => Assert.Equal(10, members));
        Assert.All(layout.MembersPerRoom(0, 1000), senders => Assert.Equal(1, senders));
    }

    [Fact]
    public void Members_are_dealt_round_robin_and_rooms_are_named_by_index()
    {
        var layout = new RoomLayout(10, "r");

        Assert.Equal([0, 1, 9, 0, 3], SomeMembers.Select(layout.RoomOf));
        Assert.Equal(("r-0", "r-9"), (layout.NameOf(0), layout.NameOf(9)));
        Assert.Equal(10, layout.Count);
    }

    [Fact]
    public void Processes_with_disjoint_id_ranges_agree_on_every_members_room()
    {
        var layout = new RoomLayout(10, "r");

        var first = layout.MembersPerRoom(0, 5000);
        var second = layout.MembersPerRoom(5000, 5000);

        Assert.Equal(layout.MembersPerRoom(0, 10_000), first.Zip(second, (a, b) => a + b));
    }

    [Fact]
    public void Without_rooms_everyone_is_in_one_unnamed_room()
    {
        var layout = new RoomLayout(0, "r");

        Assert.False(layout.Named);
        Assert.Null(layout.NameOf(0));
        Assert.Equal([1000], layout.MembersPerRoom(0, 1000));
        Assert.Equal(0, layout.RoomOf(123));
    }

    [Fact]
    public void One_named_room_holds_everyone()
    {
        var layout = new RoomLayout(1, "r");

        Assert.True(layout.Named);
        Assert.Equal("r-0", layout.NameOf(layout.RoomOf(9999)));
    }
}
