using ChatRoom.Tests.Infrastructure;
using StackExchange.Redis;

namespace ChatRoom.Tests.Redis;

/// <summary>
/// The fault injector is itself tested: each fault must really happen, or a backplane test that
/// "survives" it proves nothing. Outages are checked on Redis's own clock (TIME), by what it answered
/// inside the window, never by how long the test waited.
/// </summary>
public sealed class RedisServerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_started_server_answers_and_counts_commands_by_name()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await using var client = await ConnectAsync(redis);
        await redis.ResetStatsAsync(Token);

        var database = client.GetDatabase();
        await database.StringIncrementAsync("counter");
        await database.StringIncrementAsync("counter");
        Assert.Equal("2", (string?)await redis.ExecuteAsync("GET", "counter"));

        var stats = await redis.CommandStatsAsync(Token);
        Assert.Equal(2, stats["incr"].Calls);
        Assert.Equal(1, stats["get"].Calls);
        Assert.Equal(0, stats["incr"].FailedCalls);
    }

    [Fact]
    public void Command_stats_parse_subcommands_and_every_counter()
    {
        var stats = CommandStat.ParseInfo(
            "# Commandstats\r\n" +
            "cmdstat_evalsha:calls=3,usec=120,usec_per_call=40.00,rejected_calls=1,failed_calls=2\r\n" +
            "cmdstat_client|kill:calls=1,usec=5,usec_per_call=5.00,rejected_calls=0,failed_calls=0\r\n");

        Assert.Equal(new CommandStat(3, 120, 1, 2), stats["evalsha"]);
        Assert.Equal(1, stats["client|kill"].Calls);
        Assert.Equal(2, stats.Count);
    }

    [Fact]
    public async Task After_KillAsync_commands_and_new_connections_fail()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await using var client = await ConnectAsync(redis);
        await client.GetDatabase().PingAsync();

        await redis.KillAsync(Token);

        Assert.False(redis.IsRunning);
        // Reset or timed out, depending on whether the client noticed the reset before it wrote.
        await Assert.ThrowsAnyAsync<Exception>(() => client.GetDatabase().PingAsync());
        await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectAsync(redis, abortOnConnectFail: true));
        await Assert.ThrowsAsync<InvalidOperationException>(() => redis.ExecuteAsync("PING"));
    }

    [Fact]
    public async Task RestartAsync_with_data_keeps_the_counter_on_the_same_port()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        var connectionString = redis.ConnectionString;
        await redis.ExecuteAsync("SET", "room:counter", "41");

        await redis.RestartAsync(keepData: true, Token);

        Assert.Equal(connectionString, redis.ConnectionString);
        await using var client = await ConnectAsync(redis);
        Assert.Equal(42, await client.GetDatabase().StringIncrementAsync("room:counter"));
        Assert.Contains(redis.Log, line => line.Contains("DB saved on disk", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestartAsync_without_data_starts_from_nothing()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await redis.ExecuteAsync("SET", "room:counter", "41");

        await redis.RestartAsync(keepData: false, Token);

        await using var client = await ConnectAsync(redis);
        Assert.Equal(1, await client.GetDatabase().StringIncrementAsync("room:counter"));
    }

    [Theory]
    [InlineData(true, "41")]
    [InlineData(false, null)]
    public async Task A_killed_server_comes_back_with_what_it_persisted(bool appendOnly, string? expected)
    {
        await using var redis = await RedisServer.StartAsync(appendOnly, Token);
        await redis.ExecuteAsync("SET", "room:counter", "41");

        await redis.KillAsync(Token);
        await redis.RestartAsync(keepData: true, Token);

        Assert.Equal(expected, (string?)await redis.ExecuteAsync("GET", "room:counter"));
    }

    [Fact]
    public async Task DebugSleepAsync_answers_no_other_client_while_it_sleeps()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await using var other = await ConnectAsync(redis);
        var database = other.GetDatabase();
        await database.PingAsync();

        // The other client keeps one TIME in flight from before the sleep until after it.
        var sleeping = redis.DebugSleepAsync(0.5, Token);
        var answered = new List<DateTimeOffset>();
        while (!sleeping.IsCompleted)
        {
            answered.Add(RedisServer.ParseTime(await database.ExecuteAsync("TIME")));
        }

        var outage = await sleeping;
        answered.Add(RedisServer.ParseTime(await database.ExecuteAsync("TIME")));

        Assert.True(outage.End - outage.Start >= TimeSpan.FromSeconds(0.5), $"slept {outage.End - outage.Start}");
        Assert.DoesNotContain(answered, time => time > outage.Start && time < outage.End);
        Assert.Contains(answered, time => time >= outage.End);
    }

    [Fact]
    public async Task PauseAsync_holds_the_next_command_of_another_client_until_the_pause_ends()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await using var other = await ConnectAsync(redis);
        var database = other.GetDatabase();
        await database.PingAsync();

        var outage = await redis.PauseAsync(500, Token);
        // Sent after the pause began, so Redis can answer it only when the pause is over. (Redis
        // counts the pause in whole milliseconds from its cached clock: a few ms of slack.)
        var answered = RedisServer.ParseTime(await database.ExecuteAsync("TIME"));

        Assert.True(answered >= outage.End - TimeSpan.FromMilliseconds(10), $"answered at {answered:O}, pause {outage.Start:O} to {outage.End:O}");
    }

    [Fact]
    public async Task KillPubSubClientsAsync_drops_the_subscription_and_the_client_reconnects()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await using var subscriber = await ConnectAsync(redis);
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The two events are raised on different threads, restored possibly before failed's handler
        // has run: each is recorded on its own, and both must come.
        subscriber.ConnectionFailed += (_, e) => failed.TrySetResult();
        subscriber.ConnectionRestored += (_, e) => restored.TrySetResult();
        await subscriber.GetSubscriber().SubscribeAsync(RedisChannel.Literal("room"), (_, _) => { });
        var interactive = (long)await subscriber.GetDatabase().ExecuteAsync("CLIENT", "ID");

        var killed = await redis.KillPubSubClientsAsync(Token);

        // Exactly the subscriber: not the fixture's admin connection, not the client's commands.
        Assert.Equal(1, killed);
        await failed.Task.WaitAsync(RawSocket.HangGuard, Token);
        await restored.Task.WaitAsync(RawSocket.HangGuard, Token);
        Assert.Equal(interactive, (long)await subscriber.GetDatabase().ExecuteAsync("CLIENT", "ID"));
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(RedisServer redis, bool abortOnConnectFail = false)
    {
        var options = ConfigurationOptions.Parse(redis.ConnectionString);
        options.AbortOnConnectFail = abortOnConnectFail;
        options.ConnectRetry = 0;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        // Two connections, as a backplane has: commands, and subscriptions on their own.
        options.Protocol = RedisProtocol.Resp2;
        return await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(RawSocket.HangGuard, Token);
    }
}
