using System.Net;
using System.Net.Sockets;
using ChatRoom.Client;
using ChatRoom.Client.Connection;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Client;

/// <summary>Backoff and the end of a session, on a fake clock: no test here sleeps or times anything.</summary>
public sealed class BackoffTests
{
    [Fact]
    public async Task Attempts_back_off_from_half_a_second_doubling_to_thirty_and_each_starts_when_its_delay_has_passed()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = ClientConnections.StoppedClock();
        await using var server = ChatServer.OnKestrel();
        await using var alice = await ClientConnections.ConnectAsync(server.BaseAddress, "alice", time);
        await using var events = new ClientEvents(alice);
        await events.NextAsync<Connected>();

        await server.DisposeAsync();
        var previous = await events.SkipToAsync<Reconnecting>();
        Assert.Equal((1, TimeSpan.FromSeconds(0.5), time.GetUtcNow() + TimeSpan.FromSeconds(0.5)), (previous.Attempt, previous.Delay, previous.RetryAt));
        await Assert.ThrowsAsync<ChatNotConnectedException>(() => alice.SendAsync("fails fast", ct));

        var delays = new List<double> { previous.Delay.TotalSeconds };
        for (var attempt = 2; attempt <= 9; attempt++)
        {
            time.Advance(previous.Delay);
            var next = await events.NextAsync<Reconnecting>();
            Assert.Equal(attempt, next.Attempt);

            // The clock stood still while the attempt failed: it started exactly when the delay was over.
            Assert.Equal(previous.RetryAt + next.Delay, next.RetryAt);
            Assert.Contains("cannot reach the server", next.Reason, StringComparison.Ordinal);
            delays.Add(next.Delay.TotalSeconds);
            previous = next;
        }

        Assert.Equal([0.5, 1, 2, 4, 8, 16, 30, 30, 30], delays);
        Assert.False(alice.IsConnected);
    }

    [Fact]
    public void Jitter_takes_up_to_its_share_off_each_delay_and_Retry_After_is_a_floor()
    {
        var options = new ChatClientOptions { ReconnectJitter = 0.2 };
        Assert.Equal(TimeSpan.FromSeconds(4), new ReconnectBackoff(options, () => 0).DelayBefore(4, null));
        Assert.Equal(TimeSpan.FromSeconds(3.6), new ReconnectBackoff(options, () => 0.5).DelayBefore(4, null));
        Assert.Equal(TimeSpan.FromSeconds(24), new ReconnectBackoff(options, () => 1).DelayBefore(40, null));
        Assert.Equal(TimeSpan.FromSeconds(5), new ReconnectBackoff(options, () => 0).DelayBefore(1, TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(30), new ReconnectBackoff(options, () => 0).DelayBefore(7, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_refused_upgrade_at_reconnect_ends_the_session_with_the_reason_and_no_retry()
    {
        var time = ClientConnections.StoppedClock();
        await using var first = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:AccessKey"] = "old-key" });
        await using var proxy = TcpProxy.To(first.BaseAddress);
        await using var alice = await ClientConnections.ConnectAsync(proxy.BaseAddress, "alice", time, key: "old-key");
        await using var events = new ClientEvents(alice);
        await events.NextAsync<Connected>();

        await first.DisposeAsync();
        var reconnecting = await events.SkipToAsync<Reconnecting>();
        await using var second = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:AccessKey"] = "new-key" });
        proxy.RouteTo(second.BaseAddress);
        time.Advance(reconnecting.Delay);

        var ended = await events.NextAsync<SessionEnded>();
        Assert.Equal(401, ended.HttpStatus);
        Assert.Contains("access key", ended.Reason, StringComparison.Ordinal);
        Assert.True(await events.HasEndedAsync());
        Assert.Single(events.Seen.OfType<Reconnecting>());
    }

    [Fact]
    public async Task A_refused_first_connection_throws_with_the_status()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:AccessKey"] = "the-key" });

        var refused = await Assert.ThrowsAsync<ChatConnectException>(() => ClientConnections.ConnectAsync(server.BaseAddress, "alice", key: "a-guess"));

        Assert.Equal(401, refused.HttpStatus);
        await using var admitted = await ClientConnections.ConnectAsync(server.BaseAddress, "alice", key: "the-key");
        Assert.True(admitted.IsConnected);
    }

    [Fact]
    public async Task A_server_that_accepts_but_never_answers_fails_the_connect_after_the_connect_timeout()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = ClientConnections.StoppedClock();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var connecting = ClientConnections.ConnectAsync(new Uri($"http://{silent.LocalEndpoint}/"), "alice", time);

        // The upgrade request has arrived, so the client's timeout is running on the fake clock.
        using var accepted = await silent.AcceptSocketAsync(ct);
        Assert.True(await accepted.ReceiveAsync(new byte[4096], SocketFlags.None, ct) > 0);
        Assert.False(connecting.IsCompleted);
        time.Advance(new ChatClientOptions().ConnectTimeout);

        var failed = await Assert.ThrowsAsync<ChatConnectException>(() => connecting);
        Assert.Contains("no answer within 10 s", failed.Message, StringComparison.Ordinal);
        Assert.Null(failed.HttpStatus);
    }

    [Fact]
    public async Task A_reconnect_to_a_server_that_never_answers_gives_up_after_the_connect_timeout_and_backs_off()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = ClientConnections.StoppedClock();
        await using var server = ChatServer.OnKestrel();
        await using var proxy = TcpProxy.To(server.BaseAddress);
        await using var alice = await ClientConnections.ConnectAsync(proxy.BaseAddress, "alice", time);
        await using var events = new ClientEvents(alice);
        await events.NextAsync<Connected>();

        // The server's address now accepts but never answers, as a hung process or a black-holing
        // balancer does: the client must not wait on it for ever.
        await server.DisposeAsync();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        proxy.RouteTo(new Uri($"http://{silent.LocalEndpoint}/"));
        var first = await events.SkipToAsync<Reconnecting>();
        time.Advance(first.Delay);
        using var accepted = await silent.AcceptSocketAsync(ct);
        Assert.True(await accepted.ReceiveAsync(new byte[4096], SocketFlags.None, ct) > 0);
        time.Advance(new ChatClientOptions().ConnectTimeout);

        var second = await events.NextAsync<Reconnecting>();
        Assert.Equal(2, second.Attempt);
        Assert.Contains("no answer within 10 s", second.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flooding_close_ends_the_session_with_1008_and_no_retry()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?>
        {
            ["Chat:RateLimit:MessagesPerSecond"] = "1",
            ["Chat:RateLimit:Burst"] = "1",
        });
        await using var alice = await ClientConnections.ConnectAsync(server.BaseAddress, "alice", ClientConnections.StoppedClock());
        await using var events = new ClientEvents(alice);
        await events.NextAsync<Connected>();

        var limited = 0;
        while (alice.IsConnected)
        {
            try
            {
                await alice.SendAsync("spam", ct);
            }
            catch (ChatSendRejectedException rejected) when (rejected.Code == "rate_limited")
            {
                limited++;
            }
            catch (ChatNotConnectedException)
            {
            }
        }

        var ended = await events.SkipToAsync<SessionEnded>();
        Assert.Equal(1008, ended.CloseStatus);
        Assert.True(limited >= 49, $"{limited} sends refused as rate limited");
        Assert.True(await events.HasEndedAsync());
        Assert.Empty(events.Seen.OfType<Reconnecting>());
    }

    [Theory]
    [InlineData(1001, false)]
    [InlineData(1011, false)]
    [InlineData(1012, false)]
    [InlineData(1008, true)]
    [InlineData(1003, true)]
    public void Which_server_closes_are_worth_a_reconnect(int status, bool isFinal) =>
        Assert.Equal(isFinal, ConnectionEnd.ServerClosed((System.Net.WebSockets.WebSocketCloseStatus)status, "").IsFinal);

    [Theory]
    [InlineData(400, true)]
    [InlineData(401, true)]
    [InlineData(403, true)]
    [InlineData(503, false)]
    [InlineData(502, false)]
    public void Which_refused_upgrades_are_worth_a_retry(int status, bool isFinal) =>
        Assert.Equal(isFinal, ConnectionEnd.Refused(status, retryAfter: null).IsFinal);
}
