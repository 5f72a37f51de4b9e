using System.Net;
using System.Net.WebSockets;
using ChatRoom.Log.Redis;
using ChatRoom.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using StackExchange.Redis;

namespace ChatRoom.Tests.Redis;

/// <summary>The Redis log's own promises: start-up without Redis, one event per append key, a settled refusal for good, metrics.</summary>
public sealed class RedisLogTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_Redis_at_start_up_the_server_runs_unready_says_why_and_becomes_ready_when_Redis_comes()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await redis.KillAsync(Token);
        var log = new LogCapture();
        await using var server = ChatServer.OnKestrel(RedisInstances.Settings(redis), services => services.AddSingleton<ILogEventSink>(log));
        using var http = server.CreateHttpClient();

        await log.WaitForAsync("Chat unavailable");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/readyz", UriKind.Relative), Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative), Token)).StatusCode);

        await redis.RestartAsync(keepData: false, Token);

        // Ready at the first heartbeat Redis answers; the default room's reader retries its load
        // every second, and a join meanwhile gets 503 like one to any room still loading.
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(10));
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Token);
        guard.CancelAfter(RawSocket.HangGuard);
        while (true)
        {
            try
            {
                await using var alice = await server.JoinedAsync("alice", json: true);
                Assert.Equal("alice", alice.Name);
                break;
            }
            catch (WebSocketException)
            {
                await Task.Delay(100, guard.Token);
            }
        }
    }

    [Theory]
    [InlineData("--Redis:InstanceTimeout=00:00:00", "Redis:InstanceTimeout")]
    [InlineData("--Redis:Room={bad}", "Redis:Room")]
    [InlineData("--Redis:Configuration=,,,", "Redis:Configuration")]
    public async Task A_bad_Redis_setting_stops_the_server_before_it_listens_naming_the_key(string argument, string key)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(argument));

        Assert.Contains("OptionsValidationException", failure.Message, StringComparison.Ordinal);
        Assert.Contains(key.Split(':')[1], failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_append_with_the_same_key_makes_one_event_and_gets_the_same_answer()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await using var server = ChatServer.OnKestrel(RedisInstances.Settings(redis));
        await using var alice = await server.JoinedAsync("alice", json: true);
        var (epoch, member, position) = await ReadRoomAsync(redis);
        var say = Say(epoch, member, key: "the-same-key", text: "once");

        var first = (string?)await redis.ExecuteAsync("EVAL", say);
        var second = (string?)await redis.ExecuteAsync("EVAL", say);

        Assert.Equal($"a:{position + 1}", first);
        Assert.Equal(first, second);
        Assert.Equal(position + 1, (long)await redis.ExecuteAsync("GET", "{chatroom:general}:position"));
        var message = await alice.ReceiveJsonUntilAsync("ack");
        Assert.Equal(position + 1 - 1, message.GetProperty("id").GetInt64() - 1);
    }

    [Fact]
    public async Task A_settled_refusal_is_for_good_and_a_settled_append_keeps_its_answer()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await using var server = ChatServer.OnKestrel(RedisInstances.Settings(redis));
        await using var alice = await server.JoinedAsync("alice", json: true);
        var (epoch, member, position) = await ReadRoomAsync(redis);
        object[] Settle(string key) => Script(RedisScripts.Settle, key, 60);

        // Settled before it ran (still queued behind a stall, or on a connection given up for dead).
        var settledFirst = (string?)await redis.ExecuteAsync("EVAL", Settle("late"));
        var late = (string?)await redis.ExecuteAsync("EVAL", Say(epoch, member, key: "late", text: "late"));
        // Ran, its answer lost: settling finds the answer.
        var ran = (string?)await redis.ExecuteAsync("EVAL", Say(epoch, member, key: "lost", text: "lost"));
        var settledAfter = (string?)await redis.ExecuteAsync("EVAL", Settle("lost"));

        Assert.Equal(("refused", "refused"), (settledFirst, late));
        Assert.Equal($"a:{position + 1}", ran);
        Assert.Equal(ran, settledAfter);
        Assert.Equal(position + 1, (long)await redis.ExecuteAsync("GET", "{chatroom:general}:position"));
    }

    [Fact]
    public async Task Metrics_show_the_backplane_s_counters()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await using var server = ChatServer.OnKestrel(RedisInstances.Settings(redis));
        await using (var alice = await server.JoinedAsync("alice", json: true))
        {
            await alice.SendAsync("hi");
            await alice.ReceiveJsonUntilAsync("ack");
        }

        using var http = server.CreateHttpClient();
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), Token);

        Assert.Contains("chatroom_redis_events_appended", metrics, StringComparison.Ordinal);
        Assert.Contains("chatroom_redis_round_trip", metrics, StringComparison.Ordinal);
    }

    private static readonly RedisKeys Keys = new("chatroom", "general");

    /// <summary>The room as the append script needs it: its epoch, alice's member field, the position.</summary>
    private static async Task<(string Epoch, string Member, long Position)> ReadRoomAsync(RedisServer redis) =>
        ((string)(await redis.ExecuteAsync("GET", "{chatroom:general}:epoch"))!,
            (string)((RedisResult[])(await redis.ExecuteAsync("HKEYS", "{chatroom:general}:names"))!)[0]!,
            (long)await redis.ExecuteAsync("GET", "{chatroom:general}:position"));

    /// <summary>A script's EVAL arguments with the room's keys, as the server passes them.</summary>
    private static object[] Script(string script, params object[] arguments) =>
        [script, Keys.All.Length, .. Keys.All.Select(k => (object)k.ToString()), .. arguments];

    /// <summary>An append of alice's message <paramref name="text"/> under the idempotency key <paramref name="key"/>.</summary>
    private static object[] Say(string epoch, string member, string key, string text) =>
        Script(RedisScripts.Append, epoch, Keys.Channel.ToString(), 10, 10, 10, 100, 0, key, "say", member, text, "0");
}
