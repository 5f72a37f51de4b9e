using System.Net.WebSockets;
using ChatRoom.Log.Redis;
using ChatRoom.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace ChatRoom.Tests.Redis;

/// <summary>
/// Redis silent past the append's budget while members chat on two instances: each message whose
/// answer was lost is settled before its sender hears anything, so an acked message is delivered
/// once, in order, and one refused as <c>unavailable</c> never, not even after Redis is back.
/// </summary>
public sealed class OneAnswerTests
{
    // Past the append's budget, so that answers are settled, and well within the settling's own.
    private static readonly TimeSpan Outage = RedisAppender.Budget + TimeSpan.FromSeconds(2);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Redis_asleep_past_the_budget_answers_each_message_once_and_truly()
    {
        await using var room = await TwoInstanceRoom.StartAsync();

        await room.ChatUntilAsync(room.Redis.DebugSleepAsync(Outage.TotalSeconds, Token));

        await AssertSettledAsync(room);
    }

    [Fact]
    public async Task Clients_paused_past_the_budget_answers_each_message_once_and_truly()
    {
        await using var room = await TwoInstanceRoom.StartAsync();
        await room.Redis.PauseAsync((int)Outage.TotalMilliseconds, Token);

        // Redis answers the fixture's PING only when the pause ends.
        await room.ChatUntilAsync(room.Redis.ExecuteAsync("PING"));

        await AssertSettledAsync(room);
    }

    [Fact]
    public async Task Redis_stopped_past_the_budget_answers_each_message_once_and_truly()
    {
        await using var room = await TwoInstanceRoom.StartAsync();

        await room.ChatUntilAsync(StopAsync(room.Redis, Outage));

        await AssertSettledAsync(room);
    }

    [Fact]
    public async Task Redis_stopped_past_the_settling_closes_the_sender_with_1012_and_its_resume_shows_the_truth()
    {
        await using var room = await TwoInstanceRoom.StartAsync(membersPerInstance: 1);
        var (sender, witness) = (room.Members[0], room.Members[1]);
        var epoch = (await TwoInstanceRoom.RoomAsync(room.A)).GetProperty("epoch").GetString();

        await room.Redis.FreezeAsync();
        try
        {
            await sender.Member.SendAsync("in limbo");
            // Neither answer would be true: the sender is closed while Redis is still stopped.
            while (await sender.Member.ReceiveJsonOrCloseAsync() is { } frame)
            {
                Assert.True(RedisInstances.TypeOf(frame) is not ("ack" or "error"), $"the sender was answered: {frame}");
            }
        }
        finally
        {
            await room.Redis.ThawAsync();
        }

        Assert.Equal((WebSocketCloseStatus)1012, sender.Member.Socket.CloseStatus);
        // Whether it landed (it was queued in Redis) or was refused (a settle ran first), the room
        // and the sender's resume agree.
        var later = await TwoInstanceRoom.SayAsync(witness, "later");
        Assert.NotNull(later);
        var landed = witness.Events.Any(e => RedisInstances.TypeOf(e) == "message" && e.GetProperty("text").GetString() == "in limbo");
        await using var back = await room.B.JoinAsync("back", json: true, query: $"since={sender.NewestId}&epoch={epoch}");
        var welcome = await back.ReadWelcomeAsync();
        Assert.Contains("\"resumed\":true", welcome[^1], StringComparison.Ordinal);
        Assert.Equal(landed, welcome.Any(frame => frame.Contains("in limbo", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_message_refused_as_unavailable_stays_out_when_its_tries_reach_Redis_late()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await using var proxy = TcpProxy.To(new Uri($"http://{redis.ConnectionString}/"));
        var log = new LogCapture();
        // A long instance timeout: the sender's instance, cut off from Redis, is not declared dead meanwhile.
        var throughProxy = new Dictionary<string, string?> { ["Redis:Configuration"] = $"127.0.0.1:{proxy.BaseAddress.Port}" };
        await using var a = ChatServer.OnKestrel(RedisInstances.Settings(redis, "00:01:00", throughProxy), services => services.AddSingleton<ILogEventSink>(log));
        await using var b = ChatServer.OnKestrel(RedisInstances.Settings(redis, "00:01:00"));
        await Task.WhenAll(a.WaitUntilReadyAsync(RawSocket.HangGuard), b.WaitUntilReadyAsync(RawSocket.HangGuard));
        var sender = await Transcript.JoinAsync(a, "sender");
        var witness = await Transcript.JoinAsync(b, "witness");

        proxy.Hold();
        var answered = TwoInstanceRoom.SayAsync(sender, "held back");
        // Every try and the first settling are held; then the instance reconnects and settles it.
        await log.WaitForAsync("Redis command failed", "settle");
        proxy.CutHeldClients();
        Assert.Null(await answered);

        // Now the held tries reach Redis, the first one first, after the settling refused them.
        await proxy.ReleaseAsync();

        var later = await TwoInstanceRoom.SayAsync(witness, "later");
        Assert.NotNull(later);
        await sender.ReadThroughAsync(later.Value);
        Assert.DoesNotContain(witness.Events.Concat(sender.Events), e => RedisInstances.TypeOf(e) == "message" && e.GetProperty("text").GetString() == "held back");
        witness.AssertGapFree();
        sender.AssertGapFree();
    }

    /// <summary><c>kill -STOP</c>, the outage, <c>kill -CONT</c>.</summary>
    private static async Task StopAsync(RedisServer redis, TimeSpan outage)
    {
        await redis.FreezeAsync();
        try
        {
            await Task.Delay(outage, Token);
        }
        finally
        {
            await redis.ThawAsync();
        }
    }

    /// <summary>Later messages flow; then every answer is checked against every transcript.</summary>
    private static async Task AssertSettledAsync(TwoInstanceRoom room)
    {
        await room.AssertEveryoneGapFreeAsync();
        room.AssertOneAnswerEach();
        Assert.True(await SettledAsync(room.A) + await SettledAsync(room.B) > 0, "no answer was lost: nothing was settled");
    }

    private static async Task<double> SettledAsync(ChatServer server)
    {
        using var http = server.CreateHttpClient();
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), Token);
        return PrometheusText.Sum(metrics, "chatroom_redis_appends_settled_total");
    }
}
