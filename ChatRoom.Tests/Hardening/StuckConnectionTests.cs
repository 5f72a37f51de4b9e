using System.Diagnostics;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// Every connection ends: a member that floods pings and never reads fills
/// its connection with pongs while room messages queue to it. The keep-alive drops it; its request
/// must then complete and its leave be logged, and SIGTERM must still exit within ShutdownTimeout.
/// </summary>
public sealed class StuckConnectionTests
{
    private const int PingsPerWrite = 100;

    [Fact]
    public async Task A_member_that_floods_pings_without_reading_is_dropped_its_request_completes_and_shutdown_stays_in_time()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGTERM is a POSIX signal");
        var shutdownTimeout = TimeSpan.FromSeconds(3);
        await using var server = await ServerProcess.StartAsync(
            "--Chat:KeepAliveInterval=00:00:00.500",
            "--Chat:KeepAliveTimeout=00:00:02",
            $"--Chat:ShutdownTimeout={shutdownTimeout}");
        Uri SocketUri(string name) => new($"ws://{server.BaseAddress.Authority}/ws?name={name}");

        await using var watcher = await TestMember.ConnectAsync(SocketUri("watcher"));
        await watcher.ReadWelcomeAsync();

        // Always receiving: a ClientWebSocket answers the server's pings only while a receive is pending.
        var left = watcher.ReceiveUntilAsync(line => line.StartsWith("*** pinger left", StringComparison.Ordinal));

        // A small receive buffer: the pongs back up into the server after a few kilobytes.
        await using var pinger = await RawSocket.JoinAsync(server.BaseAddress, "pinger", receiveBufferSize: 4096);
        var flooding = FloodPingsUntilCutOffAsync(pinger);

        for (var i = 0; i < 5; i++)
        {
            await watcher.SendAsync($"queued {i}");
        }

        await server.WaitForOutputAsync("pinger left after");
        await server.WaitForOutputAsync("GET /ws responded 101");
        await left;
        var pingsSent = await flooding;
        TestContext.Current.SendDiagnosticMessage($"pings written before the server cut the member off: {pingsSent}");

        // The process stops in time with a member still connected.
        var clock = Stopwatch.StartNew();
        await server.TerminateAsync();
        await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        clock.Stop();
        TestContext.Current.SendDiagnosticMessage($"SIGTERM to exit: {clock.ElapsedMilliseconds} ms (ShutdownTimeout {shutdownTimeout.TotalMilliseconds} ms)");
        Assert.Equal(0, server.ExitCode);

        // Generous next to the 3 s timeout (a loaded machine), far below the 7+ s the stuck loop took.
        Assert.True(clock.Elapsed < shutdownTimeout + TimeSpan.FromSeconds(2), $"exit took {clock.Elapsed}");
    }

    /// <summary>Writes pings, never reading, until the server ends the connection; returns how many.</summary>
    private static async Task<int> FloodPingsUntilCutOffAsync(RawSocket pinger)
    {
        var payload = new byte[125];
        var batch = Enumerable.Repeat(WsFrame.Encode((int)Opcode.Ping, payload), PingsPerWrite).SelectMany(frame => frame).ToArray();
        var sent = 0;
        try
        {
            while (true)
            {
                await pinger.WriteAsync(batch);
                sent += PingsPerWrite;
            }
        }
        catch (IOException)
        {
            return sent;
        }
    }
}
