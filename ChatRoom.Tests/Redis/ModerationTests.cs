using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using ChatRoom.Tests.Infrastructure;
using Moderation = ChatRoom.Tests.Integration.ModerationTests;

namespace ChatRoom.Tests.Redis;

/// <summary>
/// Moderation in a room that two instances share through Redis: an action on one reaches members on
/// the other, and bans and deletions live in the log, so an instance started afresh keeps them.
/// </summary>
public sealed class ModerationTests
{
    private const string Alice = "198.51.100.2";

    [Fact]
    public async Task A_moderator_on_one_instance_mutes_deletes_kicks_and_bans_members_on_the_other()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var (a, b) = await RedisInstances.StartTwoAsync(redis, extra: TestIdentities.Settings());
        await using var _ = a;
        await using var __ = b;
        await using var carol = await Moderation.JoinAsync(a, "carol", json: true, "198.51.100.1", signedIn: true,
            moderator: true);
        await using var alice = await Moderation.JoinAsync(b, "alice", json: true, Alice);
        await using var bob = await Moderation.JoinAsync(b, "bob", json: false, "198.51.100.3");
        await alice.SendAsync("oops");
        var oops = (await alice.ReceiveJsonUntilAsync("ack")).GetProperty("id").GetInt64();

        await carol.SendAsync("/mute bob 5");
        await Moderation.ExpectModerationAsync(bob, "mute", "bob", 5, "*** bob was muted by carol for 5 minutes");
        await bob.SendAsync("hello?");
        Assert.Equal("! you are muted by a moderator: message not sent", await bob.ReceiveAsync());

        await carol.SendAsync($"/delete {oops}");
        Assert.Equal("*** a message was removed", await bob.ReceiveAsync());
        await using var late = await b.JoinAsync("dave", json: true, headers: TestIdentities.Headers("198.51.100.4"));
        Assert.DoesNotContain("oops", string.Join("\n", await late.ReadWelcomeAsync()), StringComparison.Ordinal);

        await carol.SendAsync("/kick bob");
        await Moderation.ExpectModerationAsync(bob, "kick", "bob", null, "*** bob was kicked by carol");
        Assert.Equal(((WebSocketCloseStatus)4001, "kicked"), await bob.ReceiveCloseAsync());

        await carol.SendAsync("/ban alice 5");
        await Moderation.ExpectModerationAsync(alice, "ban", "alice", 5, "*** alice was banned by carol for 5 minutes");
        Assert.Equal(((WebSocketCloseStatus)4001, "banned"), await alice.ReceiveCloseAsync());
        Assert.Equal(403, await Moderation.UpgradeStatusAsync(a, "alice", Alice));
        Assert.Equal(403, await Moderation.UpgradeStatusAsync(b, "alice", Alice));
    }

    [Fact]
    public async Task A_ban_closes_the_same_subject_on_every_instance()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var (a, b) = await RedisInstances.StartTwoAsync(redis, extra: TestIdentities.Settings());
        await using var _ = a;
        await using var __ = b;
        await using var carol = await Moderation.JoinAsync(a, "carol", json: true, "198.51.100.1", signedIn: true,
            moderator: true);
        await using var alice = await Moderation.JoinAsync(b, "alice", json: true, Alice, signedIn: true);
        await using var alicePhone = await Moderation.JoinAsync(a, "alice", json: false, "198.51.100.7", signedIn: true);

        await carol.SendAsync("/ban alice 5");

        Assert.Equal(((WebSocketCloseStatus)4001, "banned"), await alice.ReceiveCloseAsync());
        Assert.Equal(((WebSocketCloseStatus)4001, "banned"), await alicePhone.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_ban_and_a_deletion_outlive_the_instance_that_saw_them_and_resume_replays_them()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var a = Start(redis);
        var b = Start(redis);
        await Task.WhenAll(a.WaitUntilReadyAsync(RawSocket.HangGuard), b.WaitUntilReadyAsync(RawSocket.HangGuard));
        await using var alice = await Moderation.JoinAsync(a, "alice", json: true, Alice);
        var watcher = await b.JoinAsync("bob", json: true, headers: TestIdentities.Headers("198.51.100.3"));
        var watched = JsonDocument.Parse((await watcher.ReadWelcomeAsync())[^1]).RootElement;
        await alice.SendAsync("keep this");
        await alice.SendAsync("oops");
        await alice.ReceiveJsonUntilAsync("ack");
        var oops = (await alice.ReceiveJsonUntilAsync("ack")).GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.Accepted, await RoomAdmin.ModerateAsync(a, $$"""{"action":"delete","id":{{oops}}}"""));
        Assert.Equal(HttpStatusCode.Accepted, await RoomAdmin.ModerateAsync(a, """{"action":"ban","name":"alice","minutes":30}"""));
        Assert.Equal(((WebSocketCloseStatus)4001, "banned"), await alice.ReceiveCloseAsync());
        await watcher.ReceiveJsonUntilAsync("moderation");
        await watcher.DisposeAsync();
        await b.DisposeAsync();

        await using var restarted = Start(redis);
        await restarted.WaitUntilReadyAsync(RawSocket.HangGuard);
        Assert.Equal(403, await Moderation.UpgradeStatusAsync(restarted, "alice", Alice));
        await using var late = await restarted.JoinAsync("dave", json: false, headers: TestIdentities.Headers("198.51.100.4"));
        var history = string.Join("\n", await late.ReadWelcomeAsync());
        Assert.Contains("alice: keep this", history, StringComparison.Ordinal);
        Assert.DoesNotContain("oops", history, StringComparison.Ordinal);

        await using var resumed = await restarted.JoinAsync("bob", json: true,
            query: $"since={watched.GetProperty("last").GetInt64()}&epoch={watched.GetProperty("epoch").GetString()}",
            headers: TestIdentities.Headers("198.51.100.3"));
        var welcome = JsonDocument.Parse((await resumed.ReadWelcomeAsync())[^1]).RootElement;
        var missed = welcome.GetProperty("history").EnumerateArray().ToList();
        Assert.True(welcome.GetProperty("resumed").GetBoolean());
        Assert.Equal(missed.Count, welcome.GetProperty("missed").GetInt32());
        Assert.DoesNotContain(missed, e => e.GetProperty("id").GetInt64() == oops);
        Assert.Contains(missed, e => e.GetProperty("type").GetString() == "delete");
        Assert.Contains(missed, e => e.GetProperty("type").GetString() == "moderation"
            && e.GetProperty("action").GetString() == "ban" && e.GetProperty("minutes").GetInt32() == 30);
    }

    private static ChatServer Start(RedisServer redis) =>
        ChatServer.OnKestrel(RedisInstances.Settings(redis, extra: TestIdentities.Settings()));
}
