using ChatRoom.Log;
using ChatRoom.Names;
using ChatRoom.Rooms;

namespace ChatRoom.Tests.Unit;

/// <summary>
/// The directory of rooms on its own clock: rooms open for their first member, count against
/// Chat:MaxRooms, and an empty one is kept Chat:EmptyRoomTtl with its history, then forgotten.
/// </summary>
public sealed class RoomDirectoryTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);
    private RoomHarness _harness = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private RoomDirectory Directory => _harness.Get<RoomDirectory>();

    public async ValueTask InitializeAsync() => _harness = await RoomHarness.StartAsync(new Dictionary<string, string?>
    {
        ["Chat:MaxRooms"] = "3",
        ["Chat:EmptyRoomTtl"] = Ttl.ToString(),
    });

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task An_empty_room_keeps_its_epoch_and_history_for_the_ttl_then_its_next_member_starts_a_new_epoch()
    {
        var (epoch, _) = await VisitAsync("games", "kept message");
        Assert.Empty(Directory.TakeExpired(_harness.Time.GetUtcNow() + Ttl - TimeSpan.FromSeconds(1)));

        var (again, history) = await VisitAsync("games", "second message");
        Assert.Equal(epoch, again);
        Assert.Equal(["kept message"], history);

        var expired = Assert.Single(Directory.TakeExpired(_harness.Time.GetUtcNow() + Ttl));
        Assert.Equal("games", expired.Name.Value);
        await expired.DisposeAsync();
        Assert.Null(Directory.Find(RoomName.Parse("games")));

        var (fresh, after) = await VisitAsync("games", null);
        Assert.NotEqual(epoch, fresh);
        Assert.Empty(after);
    }

    [Fact]
    public async Task A_room_with_a_member_and_the_default_room_are_never_forgotten()
    {
        var entry = Directory.Enter(RoomName.Parse("games"));
        using var lease = entry.Lease!;
        await lease.Room.StartAsync();
        var member = _harness.NewMember();
        Assert.NotNull((await lease.Room.Room.JoinAsync(member, "alice", null, Token)).Welcome);

        Assert.Empty(Directory.TakeExpired(_harness.Time.GetUtcNow() + TimeSpan.FromDays(30)));
        Assert.Equal(["general", "games"], Directory.All.Select(room => room.Name.Value));
    }

    [Fact]
    public async Task Past_max_rooms_a_new_room_is_refused_counting_the_default_room_and_an_open_one_still_takes_members()
    {
        await VisitAsync("one", null);
        await VisitAsync("two", null);

        var refused = Directory.Enter(RoomName.Parse("three"));
        Assert.Equal((RoomRefusal.TooMany, RoomDirectory.TooManyRooms), (refused.Refusal, refused.Reason));
        await VisitAsync("one", null);

        foreach (var room in Directory.TakeExpired(_harness.Time.GetUtcNow() + Ttl))
        {
            await room.DisposeAsync();
        }

        await VisitAsync("three", null);
    }

    [Fact]
    public async Task A_notice_to_a_forgotten_room_is_refused_rather_than_left_waiting()
    {
        await VisitAsync("games", null);
        var room = Assert.Single(Directory.TakeExpired(_harness.Time.GetUtcNow() + Ttl));
        await room.DisposeAsync();

        await Assert.ThrowsAsync<RoomUnavailableException>(() => room.Room.PostNoticeAsync("late", Token));
    }

    /// <summary>A member enters, says <paramref name="text"/> (unless null) and leaves: the room's epoch and history then.</summary>
    private async Task<(string Epoch, List<string> History)> VisitAsync(string room, string? text)
    {
        var entry = Directory.Enter(RoomName.Parse(room));
        Assert.Equal(RoomRefusal.None, entry.Refusal);
        using var lease = entry.Lease!;
        await lease.Room.StartAsync();
        var member = _harness.NewMember();
        var welcome = (await lease.Room.Room.JoinAsync(member, "visitor", null, Token)).Welcome;
        Assert.NotNull(welcome);
        if (text is not null)
        {
            await lease.Room.Room.SayAsync(member, text, isAction: false, Token);
        }

        await lease.Room.Room.LeaveAsync(member);
        var history = welcome.History.Select(e => ((ChatRoom.Model.ChatMessage)e.Event.Body).Text).ToList();
        return (welcome.Epoch, history);
    }
}
