using ChatRoom.Client;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Client;

/// <summary>
/// Reconnect and resume against the real server, on a fake clock: the test decides when the
/// backoff has passed, so what happens "while the client is away" happens for certain.
/// </summary>
public sealed class ResumeTests
{
    [Fact]
    public async Task After_a_dropped_connection_every_event_missed_arrives_once_and_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = ChatServer.OnKestrel();
        await using var proxy = TcpProxy.To(server.BaseAddress);
        var time = ClientConnections.StoppedClock();
        await using var bob = await server.JoinedAsync("bob", json: true);
        await using var alice = await ClientConnections.ConnectAsync(proxy.BaseAddress, "alice", time);
        await using var events = new ClientEvents(alice);
        await events.NextAsync<Connected>();
        await bob.ReceiveJsonUntilAsync("join");
        await bob.SendAsync("before");
        var before = await events.NextAsync<MessageEvent>();

        proxy.DropAll();
        var reconnecting = await events.NextAsync<Reconnecting>();
        Assert.Equal("alice", (await bob.ReceiveJsonUntilAsync("leave")).GetProperty("name").GetString());
        await Assert.ThrowsAsync<ChatNotConnectedException>(() => alice.SendAsync("while away", ct));

        // The room goes on without alice.
        await bob.SendAsync("one");
        await bob.ReceiveJsonUntilAsync("ack");
        await using (var carol = await server.JoinedAsync("carol", json: true))
        {
            await carol.SendAsync("two");
            await carol.ReceiveJsonUntilAsync("ack");
        }

        await bob.ReceiveJsonUntilAsync("leave");
        await bob.SendAsync("three");
        await bob.ReceiveJsonUntilAsync("ack");

        time.Advance(reconnecting.Delay);
        var resumed = await events.NextAsync<Resumed>();
        var missed = new List<string>();
        for (var i = 0; i < resumed.Missed; i++)
        {
            missed.Add(Describe((RoomEvent)await events.NextAsync()));
        }

        Assert.Equal(
            [
                $"{before.Id + 1} leave alice", $"{before.Id + 2} bob: one", $"{before.Id + 3} join carol",
                $"{before.Id + 4} carol: two", $"{before.Id + 5} leave carol", $"{before.Id + 6} bob: three",
            ],
            missed);

        // Live again, and nothing from before comes twice: alice's own join (unseen) is the only gap.
        await bob.SendAsync("after");
        Assert.Equal($"{before.Id + 8} bob: after", Describe(await events.NextAsync<MessageEvent>()));
        Assert.True(await alice.SendAsync("back", ct) > before.Id + 8);
    }

    [Fact]
    public async Task After_a_server_restart_the_client_reports_Reset_and_the_new_history()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = ClientConnections.StoppedClock();
        await using var first = ChatServer.OnKestrel();
        await using var proxy = TcpProxy.To(first.BaseAddress);
        await using var alice = await ClientConnections.ConnectAsync(proxy.BaseAddress, "alice", time);
        await using var events = new ClientEvents(alice);
        await events.NextAsync<Connected>();
        await using (var bob = await first.JoinedAsync("bob", json: true))
        {
            await bob.SendAsync("before the restart");
            await events.SkipToAsync<MessageEvent>();
        }

        await first.DisposeAsync();
        var reconnecting = await events.SkipToAsync<Reconnecting>();
        Assert.Contains("1001", reconnecting.Reason, StringComparison.Ordinal);

        await using var second = ChatServer.OnKestrel();
        proxy.RouteTo(second.BaseAddress);
        await using var carol = await second.JoinedAsync("carol", json: true);
        await carol.SendAsync("after the restart");
        await carol.ReceiveJsonUntilAsync("ack");
        time.Advance(reconnecting.Delay);

        var reset = await events.NextAsync<Reset>();
        Assert.Equal("alice", reset.Welcome.You);
        var history = await events.NextAsync<MessageEvent>();
        Assert.Equal(("carol", "after the restart"), (history.From, history.Text));

        // Ids restarted with the new server: small ids are new events, not ones already seen.
        await carol.SendAsync("live");
        var live = await events.NextAsync<MessageEvent>();
        Assert.Equal("live", live.Text);
        Assert.True(live.Id < 10);
        Assert.True(await alice.SendAsync("still here", ct) > live.Id);
    }

    [Fact]
    public async Task With_queueing_a_send_made_while_reconnecting_goes_out_after_the_reconnect()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = ClientConnections.StoppedClock();
        await using var first = ChatServer.OnKestrel();
        await using var proxy = TcpProxy.To(first.BaseAddress);
        var options = new ChatClientOptions { ReconnectJitter = 0, QueueWhileDisconnected = true };
        await using var alice = await ClientConnections.ConnectAsync(proxy.BaseAddress, "alice", time, options: options);
        await using var events = new ClientEvents(alice);
        await events.NextAsync<Connected>();

        await first.DisposeAsync();
        var reconnecting = await events.SkipToAsync<Reconnecting>();
        var queued = alice.SendAsync("sent once back", ct);
        Assert.False(queued.IsCompleted);

        await using var second = ChatServer.OnKestrel();
        proxy.RouteTo(second.BaseAddress);
        await using var bob = await second.JoinedAsync("bob", json: true);
        time.Advance(reconnecting.Delay);

        var id = await queued;
        var message = await bob.ReceiveJsonUntilAsync("message");
        Assert.Equal((id, "sent once back"), (message.GetProperty("id").GetInt64(), message.GetProperty("text").GetString()));
    }

    private static string Describe(RoomEvent e) => e switch
    {
        MessageEvent m => $"{m.Id} {m.From}: {m.Text}",
        JoinEvent j => $"{j.Id} join {j.Name}",
        LeaveEvent l => $"{l.Id} leave {l.Name}",
        _ => $"{e.Id} {e}",
    };
}
