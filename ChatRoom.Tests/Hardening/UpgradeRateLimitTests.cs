using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Hardening;

/// <summary><c>Chat:UpgradeRateLimit</c> over real sockets: past its burst an address gets 503 with Retry-After.</summary>
public sealed class UpgradeRateLimitTests
{
    [Fact]
    public async Task An_address_past_its_burst_of_upgrades_gets_503_with_Retry_After_and_members_it_has_stay()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?>
        {
            ["Chat:UpgradeRateLimit:ExemptLoopback"] = "false",
            ["Chat:UpgradeRateLimit:PerSecond"] = "0.01",
            ["Chat:UpgradeRateLimit:Burst"] = "2",
        });
        await using var alice = await server.JoinedAsync("alice");
        await using var bob = await server.JoinedAsync("bob");

        await using var third = await RawSocket.ConnectAsync(server.BaseAddress);
        var refused = await third.UpgradeAsync("/ws?name=carol");

        Assert.Equal(503, refused.Status);
        Assert.Equal("100", refused.Headers["Retry-After"]);
        Assert.Contains("too many connections from your address", refused.Body, StringComparison.Ordinal);
        await bob.SendAsync("still here");
        Assert.Equal("bob: still here", await alice.ReceiveUntilAsync(line => line.StartsWith("bob:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Invalid_settings_stop_the_server_before_it_listens_naming_the_key()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync("--Chat:UpgradeRateLimit:Burst=0"));

        Assert.Contains("ChatRoom cannot start: invalid configuration", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'Burst'", failure.Message, StringComparison.Ordinal);
    }
}
