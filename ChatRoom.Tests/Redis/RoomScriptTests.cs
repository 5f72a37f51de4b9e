using ChatRoom.Log.Redis;
using ChatRoom.Tests.Infrastructure;
using StackExchange.Redis;

namespace ChatRoom.Tests.Redis;

/// <summary>
/// The room scripts' promises about instances and time, on a real redis-server: a dead incarnation
/// is reaped once per room and never touches a later incarnation of the same instance; a room's
/// keys expire together once it has been empty for its TTL, and a member keeps it.
/// </summary>
public sealed class RoomScriptTests
{
    private static readonly RedisKeys Games = new("chatroom", "games");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dead_incarnation_is_reaped_once_and_a_later_one_of_the_same_instance_is_left_alone()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await LoadAsync(redis, "x", incarnation: "1");
        Assert.StartsWith("a:", await JoinAsync(redis, "x", "1", member: "x:1", name: "early"));

        // Two survivors reap the dead incarnation: one announces the leave, the other finds nothing.
        var first = await ReapAsync(redis, "x", "1");
        var second = await ReapAsync(redis, "x", "1");
        Assert.Equal((1L, 0L), (first, second));

        // The instance comes back as incarnation 2; a survivor's reap of 1, late, leaves it alone.
        await LoadAsync(redis, "x", incarnation: "2");
        Assert.StartsWith("a:", await JoinAsync(redis, "x", "2", member: "x:2", name: "later"));
        Assert.Equal(0L, await ReapAsync(redis, "x", "1"));
        Assert.Equal("unregistered", await JoinAsync(redis, "x", "1", member: "x:3", name: "stale"));

        var names = (RedisResult[])(await redis.ExecuteAsync("HVALS", Key(6)))!;
        Assert.Equal(["later"], names.Select(name => (string)name!));
        Assert.Equal(1, await CountAsync(redis, "l"));
    }

    [Fact]
    public async Task Loading_a_new_incarnation_announces_the_members_the_earlier_one_left_behind()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await LoadAsync(redis, "x", incarnation: "1");
        await JoinAsync(redis, "x", "1", member: "x:1", name: "first");
        await JoinAsync(redis, "x", "1", member: "x:2", name: "second");

        await LoadAsync(redis, "x", incarnation: "2");

        Assert.Equal(0L, (long)await redis.ExecuteAsync("HLEN", Key(6)));
        Assert.Equal(2, await CountAsync(redis, "l"));
        Assert.Equal("2", (string?)await redis.ExecuteAsync("HGET", Key(10), "x"));
    }

    [Fact]
    public async Task An_empty_room_s_keys_expire_together_after_its_ttl_and_a_member_keeps_them()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await LoadAsync(redis, "x", "1", ttl: 60_000);
        Assert.InRange((long)await redis.ExecuteAsync("PTTL", Key(0)), 1, 60_000);

        await JoinAsync(redis, "x", "1", member: "x:1", name: "alice", ttl: 60_000);
        foreach (var key in Games.All)
        {
            Assert.True((long)await redis.ExecuteAsync("PTTL", key.ToString()) is -1 or -2, $"{key} expires with a member in the room");
        }

        await LeaveAsync(redis, member: "x:1", ttl: 60_000);
        var deadline = (long)await redis.ExecuteAsync("PEXPIRETIME", Key(0));
        Assert.True(deadline > 0);
        foreach (var key in Games.All)
        {
            var expiry = (long)await redis.ExecuteAsync("PEXPIRETIME", key.ToString());
            Assert.True(expiry == deadline || expiry == -2, $"{key} expires at {expiry}, not {deadline}");
        }

        // A short TTL, to see it go: every key is gone, and the next load is a new epoch.
        var epoch = (string?)await redis.ExecuteAsync("GET", Key(0));
        await JoinAsync(redis, "x", "1", member: "x:2", name: "bob", ttl: 50);
        await LeaveAsync(redis, member: "x:2", ttl: 50);
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Token);
        guard.CancelAfter(RawSocket.HangGuard);
        while ((long)await redis.ExecuteAsync("EXISTS", [.. Games.All.Select(key => (object)key.ToString())]) > 0)
        {
            await Task.Delay(20, guard.Token);
        }

        await LoadAsync(redis, "x", "1");
        Assert.NotEqual(epoch, (string?)await redis.ExecuteAsync("GET", Key(0)));
    }

    private static string Key(int index) => Games.All[index].ToString();

    private static object[] Script(string script, params object[] arguments) =>
        [script, Games.All.Length, .. Games.All.Select(key => (object)key.ToString()), .. arguments];

    private static async Task LoadAsync(RedisServer redis, string instance, string incarnation, long ttl = 0) =>
        await redis.ExecuteAsync("EVAL", Script(RedisScripts.Load, "epoch" + Guid.NewGuid().ToString("N")[..8], instance,
            incarnation, 10, 100, Games.Channel.ToString(), 10, ttl));

    private static async Task<string?> JoinAsync(RedisServer redis, string instance, string incarnation, string member,
        string name, long ttl = 0) =>
        (string?)await redis.ExecuteAsync("EVAL", Script(RedisScripts.Append, await EpochAsync(redis),
            Games.Channel.ToString(), 10, 10, 10, 100, ttl, Guid.NewGuid().ToString("N"), "join", member, instance,
            incarnation, "", name, name, "ip:" + member, name, name));

    private static async Task LeaveAsync(RedisServer redis, string member, long ttl) =>
        Assert.StartsWith("a:", (string?)await redis.ExecuteAsync("EVAL", Script(RedisScripts.Append,
            await EpochAsync(redis), Games.Channel.ToString(), 10, 10, 10, 100, ttl, Guid.NewGuid().ToString("N"),
            "leave", member)));

    private static async Task<long> ReapAsync(RedisServer redis, string instance, string incarnation) =>
        (long)await redis.ExecuteAsync("EVAL", Script(RedisScripts.Reap, instance, incarnation,
            Games.Channel.ToString(), 100, 10, 0));

    private static async Task<string> EpochAsync(RedisServer redis) =>
        (string?)await redis.ExecuteAsync("GET", Key(0)) ?? "";

    /// <summary>How many entries of <paramref name="kind"/> (j, l, m, …) the room's stream holds.</summary>
    private static async Task<int> CountAsync(RedisServer redis, string kind)
    {
        var entries = (RedisResult[])(await redis.ExecuteAsync("XRANGE", Key(4), "-", "+"))!;
        return entries.Count(entry => ((string)((RedisResult[])((RedisResult[])entry!)[1]!)[3]!).Contains($"\"{kind}\"", StringComparison.Ordinal));
    }
}
