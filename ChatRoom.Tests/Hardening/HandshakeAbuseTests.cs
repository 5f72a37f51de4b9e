using System.Text;
using ChatRoom.Hosting;
using ChatRoom.Hosting.Limits;
using ChatRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// Clients that start something and never finish it: half a request, a silent connection, a close
/// never answered. None may hold a connection for longer than its limit.
/// </summary>
public sealed class HandshakeAbuseTests
{
    // Kestrel checks its timeouts once a second, so a second is as short as they usefully get.
    private static readonly Dictionary<string, string?> ShortLimits = new()
    {
        ["Kestrel:Limits:RequestHeadersTimeout"] = "00:00:01",
        ["Kestrel:Limits:KeepAliveTimeout"] = "00:00:01",
        ["Chat:ShutdownTimeout"] = "00:00:01",
    };

    [Fact]
    public async Task Kestrels_limits_are_set_explicitly_and_the_standard_keys_override_them()
    {
        await using (var defaults = ChatServer.OnKestrel())
        {
            var limits = defaults.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
            Assert.Equal(KestrelLimits.RequestHeadersTimeout, limits.RequestHeadersTimeout);
            Assert.Equal(KestrelLimits.KeepAliveTimeout, limits.KeepAliveTimeout);
            Assert.Equal(KestrelLimits.MaxRequestHeadersTotalSize, limits.MaxRequestHeadersTotalSize);
            Assert.Equal(KestrelLimits.MaxRequestHeaderCount, limits.MaxRequestHeaderCount);
            Assert.Equal(KestrelLimits.MaxRequestLineSize, limits.MaxRequestLineSize);
            Assert.Equal(KestrelLimits.MaxRequestBodySize, limits.MaxRequestBodySize);
        }

        await using var configured = ChatServer.OnKestrel(new Dictionary<string, string?>(ShortLimits) { ["Kestrel:Limits:MaxRequestHeadersTotalSize"] = "8192" });
        var overridden = configured.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        Assert.Equal(TimeSpan.FromSeconds(1), overridden.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), overridden.KeepAliveTimeout);
        Assert.Equal(8192, overridden.MaxRequestHeadersTotalSize);
    }

    [Fact]
    public async Task Half_an_upgrade_request_is_cut_off_at_the_request_headers_timeout_while_members_still_join()
    {
        await using var server = ChatServer.OnKestrel(ShortLimits);
        await using var slowloris = await RawSocket.ConnectAsync(server.BaseAddress);
        var request = RawSocket.UpgradeRequest(server.BaseAddress.Authority, "/ws?name=slow");
        await slowloris.WriteAsync(Encoding.ASCII.GetBytes(request[..(request.Length / 2)]));

        await using var member = await server.JoinedAsync("member");

        // Kestrel answers 408 and closes; the test only needs the close.
        await slowloris.ReadToEndAsync();
    }

    [Fact]
    public async Task A_connection_that_never_sends_a_request_is_closed_at_the_keepalive_timeout()
    {
        await using var server = ChatServer.OnKestrel(ShortLimits);
        await using var silent = await RawSocket.ConnectAsync(server.BaseAddress);
        await silent.ReadToEndAsync();
    }

    [Fact]
    public async Task Oversized_request_headers_are_refused_with_431()
    {
        await using var server = ChatServer.OnKestrel();
        await using var raw = await RawSocket.ConnectAsync(server.BaseAddress);
        var response = await raw.UpgradeAsync("/ws?name=big", [("X-Padding", new string('a', KestrelLimits.MaxRequestHeadersTotalSize))]);
        Assert.Equal(431, response.Status);
    }

    [Fact]
    public async Task A_request_line_over_the_limit_is_refused_with_414()
    {
        await using var server = ChatServer.OnKestrel();
        await using var raw = await RawSocket.ConnectAsync(server.BaseAddress);
        var response = await raw.UpgradeAsync("/ws?name=" + new string('a', KestrelLimits.MaxRequestLineSize));
        Assert.Equal(414, response.Status);
    }

    [Fact]
    public async Task A_member_that_never_answers_the_servers_close_is_cut_off_and_leaves()
    {
        await using var server = ChatServer.OnKestrel(ShortLimits);
        await using var watcher = await server.JoinedAsync("watcher");
        var left = watcher.ReceiveUntilAsync(line => line.StartsWith("*** deaf left", StringComparison.Ordinal));
        await using var deaf = await RawSocket.JoinAsync(server.BaseAddress, "deaf");

        // A binary frame makes the server close with 1003; the peer reads the close but never answers it.
        await deaf.SendFrameAsync(Opcode.Binary, [1, 2, 3]);
        var close = await deaf.ReadCloseAsync();
        Assert.Equal(1003, close?.Status);

        Assert.Equal("*** deaf left (1 online)", await left);
        await deaf.ReadToEndAsync();
    }
}
