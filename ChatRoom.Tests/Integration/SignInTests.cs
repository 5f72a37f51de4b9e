using System.Security.Cryptography;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Integration;

/// <summary>
/// Sign-in over real sockets: tokens minted here with a symmetric key, the server trusting it as
/// <c>dotnet user-jwts</c> configures it. Every kind of bad token is 401 with a reason, never anonymous.
/// </summary>
public sealed class SignInTests
{
    private readonly TestTokens _tokens = new();

    public static TheoryData<string, string> BadTokens => new()
    {
        { "expired", "expired" },
        { "other audience", "another audience" },
        { "other issuer", "issuer" },
        { "alg none", "signature" },
        { "other key", "signature" },
        { "not a jwt", "not a JWT" },
        { "invalid name", "not a valid name" },
        { "no name", "carries no name" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_refused_with_401_and_a_reason_in_the_query_and_in_the_header(string kind, string reason)
    {
        await using var server = ChatServer.OnKestrel(_tokens.Settings());
        var token = BadToken(kind);

        var inQuery = await UpgradeAsync(server, "/ws?name=alice&access_token=" + Uri.EscapeDataString(token));
        var inHeader = await UpgradeAsync(server, "/ws?name=alice", ("Authorization", "Bearer " + token));

        Assert.Equal(401, inQuery.Status);
        Assert.Contains(reason, inQuery.Body, StringComparison.Ordinal);
        Assert.Equal(401, inHeader.Status);
        Assert.Contains(reason, inHeader.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_expired_within_the_clock_skew_is_still_accepted()
    {
        await using var server = ChatServer.OnKestrel(_tokens.Settings());
        var token = _tokens.Mint(Claims("alice"), expires: DateTime.UtcNow.AddMinutes(-1));

        await using var alice = await server.JoinAsync(json: true, query: "access_token=" + token);
        var welcome = await alice.ReceiveJsonUntilAsync("welcome");

        Assert.Equal("alice", welcome.GetProperty("you").GetString());
    }

    [Fact]
    public async Task Without_a_token_a_member_joins_anonymously_unless_sign_in_is_required()
    {
        await using var open = ChatServer.OnKestrel(_tokens.Settings());
        await using var required = ChatServer.OnKestrel(_tokens.Settings(("Chat:Identity:Required", "true")));

        await using var guest = await open.JoinAsync("guest", json: true);
        var welcome = await guest.ReceiveJsonUntilAsync("welcome");
        var refused = await UpgradeAsync(required, "/ws?name=guest");

        Assert.Equal("guest", welcome.GetProperty("you").GetString());
        Assert.False(welcome.TryGetProperty("verified", out _));
        Assert.Equal(401, refused.Status);
        Assert.Contains("sign-in is required", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_member_is_named_by_its_token_and_its_events_say_verified()
    {
        await using var server = ChatServer.OnKestrel(_tokens.Settings());
        await using var bob = await server.JoinedAsync("bob", json: true);

        // ?name= is ignored for a signed-in member; the header carries the token as well as the query.
        await using var alice = await server.JoinAsync("mallory", json: true,
            headers: h => h["Authorization"] = "Bearer " + _tokens.For("alice"));
        var welcome = await alice.ReceiveJsonUntilAsync("welcome");
        var joined = await bob.ReceiveJsonUntilAsync("join");
        await alice.SendAsync("hello");
        var message = await bob.ReceiveJsonUntilAsync("message");
        await bob.SendAsync("hi");
        var anonymous = await alice.ReceiveJsonUntilAsync("message");
        await alice.CloseAsync();
        var left = await bob.ReceiveJsonUntilAsync("leave");

        Assert.Equal("alice", welcome.GetProperty("you").GetString());
        Assert.True(welcome.GetProperty("verified").GetBoolean());
        Assert.Equal(("alice", true), (joined.GetProperty("name").GetString(), joined.GetProperty("verified").GetBoolean()));
        Assert.Equal(("alice", true), (message.GetProperty("from").GetString(), message.GetProperty("verified").GetBoolean()));
        Assert.Equal(("alice", true), (left.GetProperty("name").GetString(), left.GetProperty("verified").GetBoolean()));
        Assert.False(anonymous.TryGetProperty("verified", out _));
    }

    [Fact]
    public async Task A_signed_in_name_is_reserved_an_anonymous_holder_is_renamed_and_nobody_else_takes_it()
    {
        await using var server = ChatServer.OnKestrel(_tokens.Settings());
        await using var squatter = await server.JoinedAsync("Alice", json: true);

        await using var alice = await server.JoinAsync(json: true, query: "access_token=" + _tokens.For("alice"));
        var welcome = await alice.ReceiveJsonUntilAsync("welcome");
        var renamed = await squatter.ReceiveJsonUntilAsync("rename");
        await using var latecomer = await server.JoinedAsync("ALICE", json: true);
        await squatter.SendAsync("/nick alice");
        var refused = await squatter.ReceiveJsonUntilAsync("error");

        Assert.Equal("alice", welcome.GetProperty("you").GetString());
        Assert.Equal(("Alice", "alice-2"), (renamed.GetProperty("from").GetString(), renamed.GetProperty("to").GetString()));
        Assert.Equal("ALICE-3", latecomer.Name);
        Assert.Equal("name_taken", refused.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_verified_members_second_connection_gets_a_suffix_and_keeps_its_badge_and_nick_is_not_for_it()
    {
        await using var server = ChatServer.OnKestrel(_tokens.Settings());
        var token = _tokens.For("alice");
        await using var first = await server.JoinAsync(json: true, query: "access_token=" + token);
        await first.ReceiveJsonUntilAsync("welcome");

        await using var second = await server.JoinAsync(json: true, query: "access_token=" + token);
        var welcome = await second.ReceiveJsonUntilAsync("welcome");
        await second.SendAsync("/nick bob");
        var refused = await second.ReceiveJsonUntilAsync("error");

        Assert.Equal("alice-2", welcome.GetProperty("you").GetString());
        Assert.True(welcome.GetProperty("verified").GetBoolean());
        Assert.Equal("bad_command", refused.GetProperty("code").GetString());
    }

    [Fact]
    public async Task With_a_token_scheme_the_access_key_is_read_from_the_query_only_and_the_admin_key_still_works()
    {
        const string AccessKey = "k3y-0f-the-r00m";
        const string AdminKey = "adm1n-k3y";
        await using var server = ChatServer.OnKestrel(
            _tokens.Settings(("Chat:AccessKey", AccessKey), ("Chat:AdminKey", AdminKey)));

        var keyInQuery = await UpgradeAsync(server, "/ws?name=a&key=" + AccessKey);
        var keyAsBearer = await UpgradeAsync(server, "/ws?name=b", ("Authorization", "Bearer " + AccessKey));
        var tokenWithoutKey = await UpgradeAsync(server, "/ws?access_token=" + _tokens.For("carol"));
        var tokenAndKey = await UpgradeAsync(server, "/ws?key=" + AccessKey,
            ("Authorization", "Bearer " + _tokens.For("dave")));
        using var http = server.CreateHttpClient();
        using var notice = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent("""{"text":"hi"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        notice.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        var posted = await http.SendAsync(notice, TestContext.Current.CancellationToken);

        Assert.Equal(101, keyInQuery.Status);
        Assert.Equal(401, keyAsBearer.Status);
        Assert.Equal(401, tokenWithoutKey.Status);
        Assert.Equal(101, tokenAndKey.Status);
        Assert.Equal(202, (int)posted.StatusCode);
    }

    [Fact]
    public async Task Refusals_keep_the_contracts_order_origin_before_token_before_name()
    {
        await using var server = ChatServer.OnKestrel(_tokens.Settings());
        var expired = "access_token=" + _tokens.Mint(Claims("alice"), expires: DateTime.UtcNow.AddHours(-1));

        var badOrigin = await UpgradeAsync(server, "/ws?name=%3Cx%3E&" + expired, ("Origin", "http://evil.example"));
        var badToken = await UpgradeAsync(server, "/ws?name=%3Cx%3E&" + expired);
        var badName = await UpgradeAsync(server, "/ws?name=%3Cx%3E");
        var nameIgnored = await UpgradeAsync(server, "/ws?name=%3Cx%3E&access_token=" + _tokens.For("alice"));

        Assert.Equal([403, 401, 400, 101], [badOrigin.Status, badToken.Status, badName.Status, nameIgnored.Status]);
    }

    private string BadToken(string kind) => kind switch
    {
        "expired" => _tokens.Mint(Claims("alice"), expires: DateTime.UtcNow.AddMinutes(-10)),
        "other audience" => _tokens.Mint(Claims("alice"), audience: "someone-else"),
        "other issuer" => _tokens.Mint(Claims("alice"), issuer: "someone-else"),
        "alg none" => TestTokens.WithoutSignature("alice"),
        "other key" => _tokens.Mint(Claims("alice"), key: RandomNumberGenerator.GetBytes(32)),
        "not a jwt" => "not-a-token",
        "invalid name" => _tokens.Mint(new Dictionary<string, object> { ["sub"] = "x", ["name"] = "*** admin" }),
        "no name" => _tokens.Mint(new Dictionary<string, object> { ["email"] = "a@example.com" }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static Dictionary<string, object> Claims(string name) => new() { ["sub"] = "id-" + name, ["name"] = name };

    private static async Task<HttpHead> UpgradeAsync(ChatServer server, string path, params (string, string)[] headers)
    {
        await using var raw = await RawSocket.ConnectAsync(server.BaseAddress);
        return await raw.UpgradeAsync(path, headers);
    }
}
