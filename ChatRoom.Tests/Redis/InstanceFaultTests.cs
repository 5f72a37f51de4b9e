using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Redis;

/// <summary>
/// The instance faults that heartbeats and a survivor's leaves exist for: <c>kill -9</c>, and a
/// process frozen (SIGSTOP) that later comes back. The helpers must really do it, or a test of
/// them proves nothing.
/// </summary>
public sealed class InstanceFaultTests
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

    [Fact]
    public async Task A_frozen_server_answers_nothing_until_it_is_thawed()
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = RawSocket.HangGuard };
        using (var before = await http.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, before.StatusCode);
        }

        await server.FreezeAsync();
        var health = http.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        // A healthy server answers in milliseconds: a second of silence shows the freeze (a broken
        // freeze fails here; a working one can never answer before the thaw).
        await Task.WhenAny(health, Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken));
        Assert.False(health.IsCompleted, $"the server answered while frozen ({health.Status} {health.Exception?.GetBaseException().Message})");

        await server.ThawAsync();
        using var answer = await health;
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        Assert.False(server.HasExited);
    }

    [Fact]
    public async Task WaitForOutputAsync_finds_a_line_printed_before_or_after_and_fails_when_none_can_come()
    {
        await using var server = await ServerProcess.StartAsync();
        var listening = await server.WaitForOutputAsync(line => line.Contains("Now listening on", StringComparison.Ordinal));
        Assert.Contains(server.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), listening, StringComparison.Ordinal);

        var stopping = server.WaitForOutputAsync(line => line.Contains("Application is shutting down", StringComparison.Ordinal));
        var never = server.WaitForOutputAsync(line => line.Contains("a line no server prints", StringComparison.Ordinal));
        await server.TerminateAsync();

        await stopping;
        await Assert.ThrowsAsync<InvalidOperationException>(() => never);
    }
}
