using ChatRoom.Bench.Cli;

namespace ChatRoom.Bench.Tests;

/// <summary>The whole generator against a relay that loses nothing: its counts must add up exactly.</summary>
public sealed class EndToEndTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Open_loop_counts_every_copy_to_every_other_member(bool clientWebSocket)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var relay = await RelayServer.StartAsync(echo: false, ct);
        var options = new BenchOptions
        {
            Url = relay.Url, Clients = 20, Senders = 2, Rate = 20, Seconds = 1, Warmup = 0.5, Drain = 5, Quiet = true,
            ClientWebSocket = clientWebSocket,
        };

        var result = await new BenchRunner(options).RunAsync(ct);

        Assert.Equal(20, result.Connect.Connected);
        var d = Assert.IsType<Reporting.DeliveryResult>(result.Delivery);
        Assert.InRange(d.Sent, 30, 42);
        Assert.Equal(d.Sent * 19, d.Expected);
        Assert.Equal(d.Expected, d.Received);
        Assert.Equal(0, d.Lost);
        Assert.Equal(0, d.Duplicates);
        Assert.Equal(0, d.OrderViolations);
        Assert.Equal(0, result.MembersLost);
        Assert.True(result.LatencyMs!.Max > 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Closed_loop_with_echo_waits_for_every_copy_including_the_senders_own(bool clientWebSocket)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var relay = await RelayServer.StartAsync(echo: true, ct);
        var options = new BenchOptions
        {
            Url = relay.Url, Clients = 10, Senders = 10, Rate = 0, Seconds = 1, Warmup = 0.2, Drain = 5, Echo = true, Quiet = true,
            ClientWebSocket = clientWebSocket,
        };

        var result = await new BenchRunner(options).RunAsync(ct);

        var d = Assert.IsType<Reporting.DeliveryResult>(result.Delivery);
        Assert.True(d.Sent >= 10);
        Assert.Equal(d.Sent * 10, d.Expected);
        Assert.Equal(d.Expected, d.Received);
        Assert.Equal(0, d.ClosedLoopTimeouts);
        Assert.Equal(0, d.Duplicates + d.OrderViolations + d.SelfReceived);
    }

    [Fact]
    public async Task Hold_mode_connects_and_reports_no_deliveries()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var relay = await RelayServer.StartAsync(echo: false, ct);
        var options = new BenchOptions
        {
            Url = relay.Url, Clients = 50, Senders = 0, Hold = 0.3, Quiet = true, ServerPid = Environment.ProcessId,
        };

        var result = await new BenchRunner(options).RunAsync(ct);

        Assert.Equal("hold", result.Mode);
        Assert.Equal(50, result.Connect.Connected);
        Assert.Null(result.Delivery);
        Assert.True(result.Server!.RssIdleKb > 0);
    }

    [Fact]
    public async Task Rooms_count_every_copy_within_each_room_and_none_across()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var relay = await RelayServer.StartAsync(echo: false, ct);
        var options = new BenchOptions
        {
            Url = relay.Url, Clients = 30, Senders = 3, Rooms = 3, Rate = 20, Seconds = 1, Warmup = 0.3, Drain = 5, Quiet = true,
        };

        var result = await new BenchRunner(options).RunAsync(ct);

        var d = Assert.IsType<Reporting.DeliveryResult>(result.Delivery);
        Assert.Equal(d.Sent * 9, d.Expected);
        Assert.Equal(d.Expected, d.Received);
        Assert.Equal(new Reporting.RoomsResult(3, 10, 10, 1, 1, 0, 0, 0), result.Rooms);
    }

    [Fact]
    public async Task Copies_a_server_leaks_into_other_rooms_are_counted_and_not_delivered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var relay = await RelayServer.StartAsync(echo: false, ct, leaky: true);
        var options = new BenchOptions
        {
            Url = relay.Url, Clients = 20, Senders = 2, Rooms = 2, Rate = 20, Seconds = 1, Warmup = 0.3, Drain = 5, Quiet = true,
        };

        var result = await new BenchRunner(options).RunAsync(ct);

        var d = Assert.IsType<Reporting.DeliveryResult>(result.Delivery);
        var rooms = Assert.IsType<Reporting.RoomsResult>(result.Rooms);
        Assert.Equal(d.Expected, d.Received);
        // The drain ends once every due copy arrived: leaked copies of the last messages may still be on the way.
        Assert.InRange(rooms.CrossRoom, 1, d.Sent * 10);
    }
}
