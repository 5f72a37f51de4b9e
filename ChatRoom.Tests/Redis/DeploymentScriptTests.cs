using ChatRoom.Log.Redis;
using ChatRoom.Tests.Infrastructure;
using StackExchange.Redis;

namespace ChatRoom.Tests.Redis;

/// <summary>
/// The deployment's scripts on a real redis-server: Chat:MaxRooms bounds the rooms open across
/// every instance, the list shows them most members first with the counts instances report, an
/// instance that stops beating is declared dead once (one incarnation to reap), and one that
/// comes back gets a new incarnation.
/// </summary>
public sealed class DeploymentScriptTests
{
    private static readonly DeploymentKeys Keys = new("chatroom");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Max_rooms_bounds_the_rooms_open_across_instances_and_the_list_puts_the_fullest_first()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);

        var answers = new List<string?>();
        foreach (var (instance, room) in new[] { ("a", "general"), ("b", "games"), ("a", "games"), ("b", "music") })
        {
            answers.Add((string?)await redis.ExecuteAsync("EVAL", Script(RedisScripts.Enter, instance, room, 2, 1)));
        }

        Assert.Equal(["ok", "ok", "ok", "full"], answers);
        await BeatAsync(redis, "a", "", timeout: 60_000, "general", 3, "games", 5);
        var listed = (RedisResult[])(await redis.ExecuteAsync("EVAL", Script(RedisScripts.Rooms, 100)))!;
        Assert.Equal(2L, (long)listed[0]);
        Assert.Equal(["games", "5", "general", "3"], ((RedisResult[])listed[1]!).Select(value => (string)value!));
        Assert.Equal(["games", "general"], await RoomsOfAsync(redis, "a"));
    }

    [Fact]
    public async Task A_silent_instance_is_declared_dead_once_and_comes_back_as_a_new_incarnation()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        var first = (string)(await BeatAsync(redis, "doomed", "", timeout: 60_000))[0]!;
        await BeatAsync(redis, "survivor", "", timeout: 60_000);

        // Its last beat ten minutes ago, for a timeout of ten seconds: the next survivor's beat
        // declares it dead, and the one after finds it so already.
        var tenMinutesAgo = RedisServer.ParseTime(await redis.ExecuteAsync("TIME")).AddMinutes(-10);
        await redis.ExecuteAsync("ZADD", Keys.All[0].ToString(), tenMinutesAgo.ToUnixTimeMilliseconds(), "doomed");
        var one = (RedisResult[])(await BeatAsync(redis, "survivor", "", timeout: 10_000))[1]!;
        var two = (RedisResult[])(await BeatAsync(redis, "survivor", "", timeout: 10_000))[1]!;
        Assert.Equal([$"doomed:{first}"], one.Select(value => (string)value!));
        Assert.Equal([$"doomed:{first}"], two.Select(value => (string)value!));
        Assert.Null((string?)await redis.ExecuteAsync("ZSCORE", Keys.All[0].ToString(), "doomed"));

        var back = (string)(await BeatAsync(redis, "doomed", first, timeout: 60_000))[0]!;
        Assert.NotEqual(first, back);

        // Reaped in every room: forgotten, and its list of rooms kept for the new incarnation.
        await redis.ExecuteAsync("EVAL", Script(RedisScripts.Enter, "doomed", "games", 10, 1));
        Assert.Equal(1L, (long)await redis.ExecuteAsync("EVAL", Script(RedisScripts.Reaped, "doomed", first)));
        Assert.Equal(0L, (long)await redis.ExecuteAsync("EVAL", Script(RedisScripts.Reaped, "doomed", first)));
        Assert.Equal(["games"], await RoomsOfAsync(redis, "doomed"));
    }

    [Fact]
    public async Task A_forgotten_opening_unlists_its_room_but_never_a_later_opening_of_it()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await redis.ExecuteAsync("EVAL", Script(RedisScripts.Enter, "a", "games", 10, 1));
        await redis.ExecuteAsync("EVAL", Script(RedisScripts.Enter, "a", "games", 10, 2));

        // The first opening's unlist reaching Redis after the room was opened again: it stays.
        Assert.Equal(0L, (long)await redis.ExecuteAsync("EVAL", Script(RedisScripts.Unlist, "a", "games", 1)));
        Assert.Equal(["games"], await RoomsOfAsync(redis, "a"));
        Assert.Equal(1L, (long)await redis.ExecuteAsync("EVAL", Script(RedisScripts.Unlist, "a", "games", 2)));
        Assert.Empty(await RoomsOfAsync(redis, "a"));
    }

    private static object[] Script(string script, params object[] arguments) =>
        [script, Keys.All.Length, .. Keys.All.Select(key => (object)key.ToString()), .. arguments];

    private static async Task<RedisResult[]> BeatAsync(RedisServer redis, string instance, string incarnation,
        long timeout, params object[] reports) =>
        (RedisResult[])(await redis.ExecuteAsync("EVAL", Script(RedisScripts.Beat, [instance, incarnation, timeout,
            "beat", .. reports])))!;

    private static async Task<string[]> RoomsOfAsync(RedisServer redis, string instance) =>
        [.. ((RedisResult[])(await redis.ExecuteAsync("ZRANGE", Keys.RoomsOf(instance).ToString(), 0, -1))!)
            .Select(value => (string)value!).Order(StringComparer.Ordinal)];
}
