using System.Net.Http.Headers;
using ChatRoom.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// Who gets in: <c>Chat:AllowedOrigins</c> (403), <c>Chat:AccessKey</c> (401), the order of the
/// refusals, and that keys never reach the log. Raw upgrade requests, so every header is the test's.
/// </summary>
public sealed class AccessTests
{
    private const string AccessKey = "k3y-0f-the-r00m";
    private const string AdminKey = "adm1n-k3y";

    [Theory]
    [InlineData(null, 101)]
    [InlineData("SELF", 101)]
    [InlineData("http://evil.example", 403)]
    [InlineData("http://127.0.0.1:1", 403)]
    [InlineData("null", 403)]
    [InlineData("not a url", 403)]
    public async Task Without_an_allow_list_only_the_servers_own_origin_or_none_may_join(string? origin, int expected)
    {
        await using var server = ChatServer.OnKestrel();
        var status = await UpgradeStatusAsync(server, "/ws", origin == "SELF" ? OwnOrigin(server) : origin);
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData(null, 101)]
    [InlineData("https://chat.example.com", 101)]
    [InlineData("HTTPS://CHAT.EXAMPLE.COM", 101)]
    [InlineData("SELF", 403)]
    [InlineData("https://chat.example.com.evil.example", 403)]
    [InlineData("http://chat.example.com", 403)]
    public async Task With_an_allow_list_only_its_origins_or_none_may_join(string? origin, int expected)
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:AllowedOrigins:0"] = "https://chat.example.com" });
        var status = await UpgradeStatusAsync(server, "/ws", origin == "SELF" ? OwnOrigin(server) : origin);
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData("/ws", null, 401)]
    [InlineData("/ws?key=", null, 401)]
    [InlineData("/ws?key=wrong", null, 401)]
    [InlineData("/ws?key=" + AccessKey + "x", null, 401)]
    [InlineData("/ws?key=K3Y-0F-THE-R00M", null, 401)]
    [InlineData("/ws?key=" + AccessKey, null, 101)]
    [InlineData("/ws", "Bearer " + AccessKey, 101)]
    [InlineData("/ws", "Bearer wrong", 401)]
    [InlineData("/ws", "Basic " + AccessKey, 401)]
    [InlineData("/ws", AccessKey, 401)]
    public async Task With_an_access_key_only_a_matching_key_in_the_query_or_a_bearer_header_may_join(string path, string? authorization, int expected)
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:AccessKey"] = AccessKey });
        await using var raw = await RawSocket.ConnectAsync(server.BaseAddress);
        var headers = authorization is null ? [] : new[] { ("Authorization", authorization) };
        Assert.Equal(expected, (await raw.UpgradeAsync(path, headers)).Status);
    }

    [Fact]
    public async Task Refusals_come_in_the_contracts_order_upgrade_origin_key_name_room_full()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?>
        {
            ["Chat:AccessKey"] = AccessKey,
            ["Chat:MaxMembers"] = "1",
        });
        await using var occupant = await RawSocket.JoinAsync(server.BaseAddress, "occupant", query: "key=" + AccessKey);
        var evil = "http://evil.example";
        var badName = "%3Cscript%3E";

        // Not an upgrade, though also a bad origin, no key, a bad name and a full room: 400.
        using (var http = server.CreateHttpClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/ws?name={badName}");
            request.Headers.Add("Origin", evil);
            Assert.Equal(400, (int)(await http.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode);
        }

        Assert.Equal(403, await UpgradeStatusAsync(server, $"/ws?name={badName}", evil));
        Assert.Equal(401, await UpgradeStatusAsync(server, $"/ws?name={badName}", OwnOrigin(server)));
        Assert.Equal(400, await UpgradeStatusAsync(server, $"/ws?name={badName}&key={AccessKey}", OwnOrigin(server)));
        Assert.Equal(503, await UpgradeStatusAsync(server, $"/ws?name=ok&key={AccessKey}", OwnOrigin(server)));
    }

    [Fact]
    public async Task Keys_never_reach_the_log_even_at_the_most_verbose_level()
    {
        var log = new LogCapture();
        await using var server = ChatServer.OnKestrel(
            new Dictionary<string, string?>
            {
                ["Chat:AccessKey"] = AccessKey,
                ["Chat:AdminKey"] = AdminKey,
                ["Serilog:MinimumLevel:Default"] = "Verbose",
                ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
                ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose",
                ["Serilog:MinimumLevel:Override:System"] = "Verbose",

                // The console keeps quiet; the capture sees everything.
                ["Serilog:WriteTo:0:Args:restrictedToMinimumLevel"] = "Warning",
            },
            services => services.AddSingleton<ILogEventSink>(log));
        var cancellation = TestContext.Current.CancellationToken;

        // A member with the key in the query, one with a wrong key there, one with the key as a bearer token.
        await using (var member = await RawSocket.JoinAsync(server.BaseAddress, "alice", query: "key=" + AccessKey))
        {
            await member.WriteAsync(WsFrame.Close(1000));
            await member.ReadToEndAsync();
        }

        await using (var intruder = await RawSocket.ConnectAsync(server.BaseAddress))
        {
            Assert.Equal(401, (await intruder.UpgradeAsync("/ws?name=mallory&key=" + AccessKey + "-guess")).Status);
        }

        // The server reads the key's name unescaped and ignoring case, so these carry it too.
        await using (var shouting = await RawSocket.JoinAsync(server.BaseAddress, "carol", query: "KEY=" + AccessKey))
        {
            await shouting.WriteAsync(WsFrame.Close(1000));
            await shouting.ReadToEndAsync();
        }

        await using (var escaped = await RawSocket.JoinAsync(server.BaseAddress, "dave", query: "k%65y=" + AccessKey))
        {
            await escaped.WriteAsync(WsFrame.Close(1000));
            await escaped.ReadToEndAsync();
        }

        await using (var bearer = await RawSocket.ConnectAsync(server.BaseAddress))
        {
            Assert.Equal(101, (await bearer.UpgradeAsync("/ws?name=bob", [("Authorization", "Bearer " + AccessKey)])).Status);
            await bearer.WriteAsync(WsFrame.Close(1000));
            await bearer.ReadToEndAsync();
        }

        using (var http = server.CreateHttpClient())
        {
            using var notice = new HttpRequestMessage(HttpMethod.Post, "/api/messages?key=" + AdminKey) { Content = new StringContent("""{"text":"hi"}""", System.Text.Encoding.UTF8, "application/json") };
            notice.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
            Assert.Equal(202, (int)(await http.SendAsync(notice, cancellation)).StatusCode);
        }

        // The request log is written once a request completes; these prove the capture saw them all.
        await log.WaitForAsync("alice", "left after");
        await log.WaitForAsync("bob", "left after");
        await log.WaitForAsync("carol", "left after");
        await log.WaitForAsync("dave", "left after");
        await log.WaitForAsync("/api/messages", "responded 202");
        await log.WaitForAsync("/ws", "responded 401");
        await log.WaitForAsync("/ws", "responded 101");

        var leaks = log.Events.Where(e => e.Contains(AccessKey, StringComparison.Ordinal) || e.Contains(AdminKey, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, "keys in the log:\n" + string.Join('\n', leaks));
    }

    private static string OwnOrigin(ChatServer server) => server.BaseAddress.GetLeftPart(UriPartial.Authority);

    private static async Task<int> UpgradeStatusAsync(ChatServer server, string path, string? origin)
    {
        await using var raw = await RawSocket.ConnectAsync(server.BaseAddress);
        var headers = origin is null ? [] : new[] { ("Origin", origin) };
        return (await raw.UpgradeAsync(path, headers)).Status;
    }
}
