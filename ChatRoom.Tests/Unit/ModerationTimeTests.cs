using ChatRoom.Log;
using ChatRoom.Model;
using ChatRoom.Protocol;
using ChatRoom.Rooms;

namespace ChatRoom.Tests.Unit;

/// <summary>
/// Mutes and bans last their minutes on the room's clock (the TimeProvider), then end by themselves;
/// a deletion leaves the resume window whole.
/// </summary>
public sealed class ModerationTimeTests : IAsyncLifetime
{
    private RoomHarness _harness = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _harness = await RoomHarness.StartAsync();

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task A_mute_ends_when_its_minutes_have_passed()
    {
        var bob = await _harness.JoinedAsync("bob", identity: new MemberIdentity("bob-id", "bob", false));
        await Moderate(ModerationAction.Mute, "bob", 2);

        Assert.Equal(AppendStatus.Muted, await _harness.Room.SayAsync(bob, "now?", false, Token));
        _harness.Time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(AppendStatus.Muted, await _harness.Room.SayAsync(bob, "now?", false, Token));
        _harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(AppendStatus.Appended, await _harness.Room.SayAsync(bob, "now!", false, Token));
    }

    [Fact]
    public async Task A_ban_ends_when_its_minutes_have_passed()
    {
        var bob = new MemberIdentity("bob-id", "bob", false);
        await _harness.JoinedAsync("bob", identity: bob);
        await Moderate(ModerationAction.Ban, "bob", 5);

        Assert.Equal(AppendStatus.Banned, (await Join(bob)).Status);
        Assert.Equal(AppendStatus.Appended, (await Join(new MemberIdentity("ann-id", "ann", false))).Status);
        _harness.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(AppendStatus.Appended, (await Join(bob)).Status);
    }

    [Fact]
    public async Task A_deleted_message_at_the_start_of_the_resume_window_leaves_no_hole_in_it()
    {
        await using var harness = await RoomHarness.StartAsync(new Dictionary<string, string?> { ["Chat:ResumeWindow"] = "3" });
        var alice = await harness.JoinedAsync("alice");
        var since = harness.Room.State.LastId;
        await harness.Room.SayAsync(alice, "one", false, Token);
        await harness.Room.SayAsync(alice, "two", false, Token);
        Assert.Equal(AppendStatus.Appended, await harness.Room.DeleteAsync(since + 1, "carol", Token));

        var (_, welcome) = await harness.JoinAsync("bob", Wire.WireFormat.Json,
            new ResumeRequest(since, harness.Room.State.Epoch!));

        Assert.True(welcome.Resumed);
        Assert.Equal([new ChatMessage("alice", "two", false), new MessageDeleted(since + 1, "carol")],
            welcome.History.Select(e => e.Event.Body));
    }

    private Task<JoinOutcome> Join(MemberIdentity identity) =>
        _harness.Room.JoinAsync(_harness.NewMember(identity: identity), identity.Name, null, Token);

    private async Task Moderate(ModerationAction action, string name, int minutes) =>
        Assert.Equal(AppendStatus.Appended,
            await _harness.Room.ModerateAsync(new ModerateCommand(action, name, "carol", minutes), Token));
}
