using ChatRoom.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// <c>ForwardedHeaders</c> over real sockets: <c>X-Forwarded-For</c> names the client only when the
/// peer is a configured proxy, so the upgrade limit counts real clients behind a proxy and nobody
/// else can claim an address (loopback included).
/// </summary>
public sealed class TrustedProxyTests
{
    private const string Attacker = "203.0.113.9";
    private const string Honest = "198.51.100.7";

    // The capture gets the join events (with the member's address); the console stays quiet.
    private static readonly Dictionary<string, string?> JoinsLogged = new()
    {
        ["Serilog:MinimumLevel:Default"] = "Information",
        ["Serilog:WriteTo:0:Args:restrictedToMinimumLevel"] = "Warning",
    };

    [Theory]
    [InlineData(null)]
    [InlineData("192.0.2.80")]
    public async Task A_forwarded_address_from_a_peer_that_is_no_trusted_proxy_changes_nothing(string? someOtherProxy)
    {
        var settings = new Dictionary<string, string?>(JoinsLogged)
        {
            // ASP.NET Core's own switch (ASPNETCORE_FORWARDEDHEADERS_ENABLED), which trusts every peer.
            ["ForwardedHeaders_Enabled"] = "true",
            ["Chat:UpgradeRateLimit:ExemptLoopback"] = "false",
            ["Chat:UpgradeRateLimit:PerSecond"] = "0.01",
            ["Chat:UpgradeRateLimit:Burst"] = "2",
        };
        if (someOtherProxy is not null)
        {
            settings["ForwardedHeaders:KnownProxies:0"] = someOtherProxy;
        }

        var log = new LogCapture();
        await using var server = ChatServer.OnKestrel(settings, services => services.AddSingleton<ILogEventSink>(log));

        await using var alice = await UpgradeAsync(server, "alice", "203.0.113.1");
        await using var bob = await UpgradeAsync(server, "bob", "203.0.113.2");
        await using var carol = await UpgradeAsync(server, "carol", "203.0.113.3");

        Assert.Equal([101, 101, 503], [alice.Status, bob.Status, carol.Status]);
        await log.WaitForAsync(Joined("alice", "127.0.0.1"));
        await log.WaitForAsync("ASPNETCORE_FORWARDEDHEADERS_ENABLED is ignored");
    }

    [Theory]
    [InlineData("KnownProxies", "127.0.0.1")]
    [InlineData("KnownNetworks", "127.0.0.0/8")]
    public async Task Through_a_trusted_proxy_each_client_has_its_own_allowance(string key, string proxy)
    {
        var log = new LogCapture();
        await using var server = ChatServer.OnKestrel(
            new Dictionary<string, string?>(JoinsLogged)
            {
                [$"ForwardedHeaders:{key}:0"] = proxy,
                ["Chat:UpgradeRateLimit:PerSecond"] = "0.01",
                ["Chat:UpgradeRateLimit:Burst"] = "2",
            },
            services => services.AddSingleton<ILogEventSink>(log));

        await using var first = await UpgradeAsync(server, "raider1", Attacker);
        await using var second = await UpgradeAsync(server, "raider2", Attacker);
        await using var third = await UpgradeAsync(server, "raider3", Attacker);
        await using var alice = await UpgradeAsync(server, "alice", Honest);

        Assert.Equal([101, 101, 503], [first.Status, second.Status, third.Status]);
        Assert.Equal(101, alice.Status);
        await log.WaitForAsync(Joined("alice", Honest));
        await log.WaitForAsync(Joined("raider1", Attacker));
    }

    [Fact]
    public async Task Through_a_trusted_proxy_a_client_claiming_loopback_is_counted_by_the_address_the_proxy_saw()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["Chat:UpgradeRateLimit:PerSecond"] = "0.01",
            ["Chat:UpgradeRateLimit:Burst"] = "1",
        });

        // What nginx's $proxy_add_x_forwarded_for sends: the client's own claim, then the address it saw.
        await using var first = await UpgradeAsync(server, "raider1", "127.0.0.1, " + Attacker);
        await using var second = await UpgradeAsync(server, "raider2", "127.0.0.1, " + Attacker);

        Assert.Equal([101, 503], [first.Status, second.Status]);
    }

    [Theory]
    [InlineData("KnownProxies", "nginx")]
    [InlineData("KnownProxies", "10.0.0")]
    [InlineData("KnownNetworks", "10.0.0.1/8")]
    [InlineData("KnownNetworks", "10.0.0.0/33")]
    [InlineData("KnownNetworks", "10.0.0.0")]
    public async Task A_proxy_that_is_no_address_or_network_stops_the_server_before_it_listens(string key, string value)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync($"--ForwardedHeaders:{key}:0={value}"));

        Assert.Contains("ChatRoom cannot start: invalid configuration", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"ForwardedHeaders:{key}: '{value}'", failure.Message, StringComparison.Ordinal);
    }

    private static string[] Joined(string name, string address) => ["MemberJoined", $"Name=\"{name}\"", $"RemoteAddress=\"{address}\""];

    private static async Task<Upgrade> UpgradeAsync(ChatServer server, string name, string forwardedFor)
    {
        var socket = await RawSocket.ConnectAsync(server.BaseAddress);
        var head = await socket.UpgradeAsync($"/ws?name={name}", [("X-Forwarded-For", forwardedFor)]);
        return new Upgrade(socket, head.Status);
    }

    /// <summary>An upgrade's answer, with its socket held open so that an admitted member stays.</summary>
    private sealed record Upgrade(RawSocket Socket, int Status) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Socket.DisposeAsync();
    }
}
