using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Redis;

/// <summary>
/// <c>kill -9</c> of an instance, the fault that heartbeats and a survivor's leaves exist for: the
/// helper must really kill (no shutdown notice, no 1001), or a test of it proves nothing.
/// </summary>
public sealed class InstanceKillTests
{
    [Fact]
    public async Task KillAsync_ends_the_server_without_its_shutdown()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var member = await RawSocket.JoinAsync(server.BaseAddress, "alice");

        await server.KillAsync();

        Assert.True(server.HasExited);
        // 128 + SIGKILL: killed by the signal, not an exit of its own.
        Assert.Equal(137, server.ExitCode);
        // The connection just ends: no close frame (a graceful stop sends 1001), no notice.
        Assert.Null(await member.ReadCloseAsync());
        Assert.DoesNotContain(server.Output, line => line.Contains("shutting down", StringComparison.OrdinalIgnoreCase));
    }
}
