using ChatRoom.Tests.Infrastructure;
using ChatRoom.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// <c>Chat:MaxQueuedBytes</c>: while the bytes queued to all members together are at the bound,
/// upgrades get 503 with Retry-After instead of the process growing; members already in stay.
/// </summary>
public sealed class QueuedBytesLimitTests
{
    private const long Limit = 1024 * 1024;

    [Fact]
    public async Task Past_the_bound_on_queued_bytes_joins_get_503_and_once_below_it_they_are_admitted()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:MaxQueuedBytes"] = $"{Limit}" });
        await using var alice = await server.JoinedAsync("alice");
        await using var bob = await server.JoinedAsync("bob");
        var queued = server.Services.GetRequiredService<QueuedBytes>();

        // What members that do not read would hold, short of the bound and at it.
        queued.Add(Limit - 1);
        await using (var admitted = await RawSocket.ConnectAsync(server.BaseAddress))
        {
            Assert.Equal(101, (await admitted.UpgradeAsync("/ws?name=carol")).Status);
        }

        queued.Add(1);
        await using var refused = await RawSocket.ConnectAsync(server.BaseAddress);
        var response = await refused.UpgradeAsync("/ws?name=dave");

        Assert.Equal(503, response.Status);
        Assert.Equal("5", response.Headers["Retry-After"]);
        Assert.Contains("server is busy sending", response.Body, StringComparison.Ordinal);
        await bob.SendAsync("still here");
        Assert.Equal("bob: still here", await alice.ReceiveUntilAsync(line => line.StartsWith("bob:", StringComparison.Ordinal)));

        queued.Remove(Limit);
        await using var later = await server.JoinedAsync("erin");
    }

    [Fact]
    public async Task A_welcome_bound_larger_than_a_members_send_queue_stops_the_server_before_it_listens()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ServerProcess.StartAsync("--Chat:SendQueueBytes=131072", "--Chat:WelcomeMaxBytes=262144"));

        Assert.Contains("ChatRoom cannot start: invalid configuration", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Chat:WelcomeMaxBytes", failure.Message, StringComparison.Ordinal);
    }
}
