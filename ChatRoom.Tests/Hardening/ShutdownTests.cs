using System.Diagnostics;
using System.Net.WebSockets;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// Graceful shutdown of the real process: SIGTERM, the notice after every queued event, 1001, and
/// an exit within <c>Chat:ShutdownTimeout</c> although one peer never answers anything.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task On_SIGTERM_members_get_their_queued_events_then_the_notice_then_1001_and_the_process_exits_despite_a_dead_peer()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGTERM is a POSIX signal");
        // Milliseconds in the server's console lines, which the test output shows.
        await using var server = await ServerProcess.StartAsync("--Serilog:WriteTo:0:Args:outputTemplate=[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{NewLine}{Exception}");
        Uri SocketUri(string name) => new($"ws://{server.BaseAddress.Authority}/ws?name={name}");

        await using var reader = await TestMember.ConnectAsync(SocketUri("reader"));
        await reader.ReadWelcomeAsync();
        await using var talker = await TestMember.ConnectAsync(SocketUri("talker"), json: true);
        await talker.ReadWelcomeAsync();

        // Completes the handshake, then never reads, never answers a ping or the close.
        await using var dead = await RawSocket.JoinAsync(server.BaseAddress, "dead");

        // Acked means sequenced and queued to every member; the reader has not read any of it yet.
        for (var i = 0; i < 10; i++)
        {
            await talker.SendAsync($"m{i}");
        }

        for (var i = 0; i < 10; i++)
        {
            await talker.ReceiveJsonUntilAsync("ack");
        }

        var clock = Stopwatch.StartNew();
        TestContext.Current.TestOutputHelper?.WriteLine($"SIGTERM at {DateTime.Now:HH:mm:ss.fff}");
        await server.TerminateAsync();

        var lines = new List<string>();
        while (true)
        {
            try
            {
                lines.Add(await reader.ReceiveAsync());
            }
            catch (InvalidOperationException) when (reader.Socket.State == WebSocketState.CloseReceived)
            {
                break;
            }
        }

        Assert.Equal(
            [
                "*** talker joined (2 online)",
                "*** dead joined (3 online)",
                .. Enumerable.Range(0, 10).Select(i => $"talker: m{i}"),
                "*** notice: server is shutting down",
            ],
            lines);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, reader.Socket.CloseStatus);
        await reader.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", TestContext.Current.CancellationToken);

        var notice = await talker.ReceiveJsonUntilAsync("notice");
        Assert.Equal("server is shutting down", notice.GetProperty("text").GetString());
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await talker.ReceiveCloseAsync()).Status);
        await talker.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", TestContext.Current.CancellationToken);

        // A generous hang guard, not the contract's 5 s: the measured time is reported instead.
        await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        clock.Stop();
        TestContext.Current.SendDiagnosticMessage($"SIGTERM to exit: {clock.ElapsedMilliseconds} ms (Chat:ShutdownTimeout 5 s; the dead peer's close handshake times out at 2.5 s)");
        TestContext.Current.TestOutputHelper?.WriteLine($"SIGTERM to exit: {clock.ElapsedMilliseconds} ms; the server's log:");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', server.Output));
        Assert.Equal(0, server.ExitCode);

        // Even the peer that never read got the notice and the close into its socket before being cut off.
        var frames = new List<RawFrame>();
        while (await dead.ReadFrameAsync() is { } frame)
        {
            frames.Add(frame);
        }

        Assert.Contains(frames, frame => frame.Opcode == Opcode.Text && frame.Text == "*** notice: server is shutting down");
        var close = Assert.Single(frames, frame => frame.Opcode == Opcode.Close);
        Assert.Equal(1001, (close.Payload[0] << 8) | close.Payload[1]);
    }

    [Fact]
    public async Task On_SIGTERM_a_member_of_every_room_gets_the_notice_then_1001()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGTERM is a POSIX signal");
        await using var server = await ServerProcess.StartAsync();
        var members = new List<TestMember>();
        foreach (var room in new[] { "general", "games", "chess" })
        {
            var member = await TestMember.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/ws?name=m&room={room}"));
            await member.ReadWelcomeAsync();
            members.Add(member);
        }

        await server.TerminateAsync();

        foreach (var member in members)
        {
            Assert.Equal("*** notice: server is shutting down", await member.ReceiveAsync());
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await member.ReceiveCloseAsync()).Status);
            await member.DisposeAsync();
        }

        await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, server.ExitCode);
    }
}
