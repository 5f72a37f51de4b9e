using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// Who gets in: <c>Chat:AllowedOrigins</c> (403), <c>Chat:AccessKey</c> (401) and the order of the
/// refusals. Raw upgrade requests, so every header is the test's. (Keys in the log: <see cref="KeyLoggingTests"/>.)
/// </summary>
public sealed class AccessTests
{
    private const string AccessKey = "k3y-0f-the-r00m";

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

    private static string OwnOrigin(ChatServer server) => server.BaseAddress.GetLeftPart(UriPartial.Authority);

    private static async Task<int> UpgradeStatusAsync(ChatServer server, string path, string? origin)
    {
        await using var raw = await RawSocket.ConnectAsync(server.BaseAddress);
        var headers = origin is null ? [] : new[] { ("Origin", origin) };
        return (await raw.UpgradeAsync(path, headers)).Status;
    }
}
