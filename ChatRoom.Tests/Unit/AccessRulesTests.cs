using ChatRoom.Endpoints;

namespace ChatRoom.Tests.Unit;

public sealed class AccessRulesTests
{
    [Theory]
    [InlineData(null, "localhost:8080", true)]
    [InlineData("http://localhost:8080", "localhost:8080", true)]
    [InlineData("https://chat.example.com", "chat.example.com", true)]
    [InlineData("http://evil.example", "localhost:8080", false)]
    [InlineData("http://localhost:9999", "localhost:8080", false)]
    [InlineData("null", "localhost:8080", false)]
    public void Without_an_allow_list_only_the_servers_own_origin_is_allowed(string? origin, string host, bool allowed) =>
        Assert.Equal(allowed, AccessRules.IsOriginAllowed(origin, host, []));

    [Theory]
    [InlineData("https://chat.example.com", true)]
    [InlineData("HTTPS://CHAT.EXAMPLE.COM", true)]
    [InlineData("http://localhost:8080", false)]
    public void With_an_allow_list_only_listed_origins_are_allowed(string origin, bool allowed) =>
        Assert.Equal(allowed, AccessRules.IsOriginAllowed(origin, "localhost:8080", ["https://chat.example.com/"]));

    [Theory]
    [InlineData("s3cret", true)]
    [InlineData("s3cre", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Keys_must_match_exactly(string? provided, bool matches) =>
        Assert.Equal(matches, AccessRules.KeyMatches(provided, "s3cret"));

    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("bearer  abc ", "abc")]
    [InlineData("Basic abc", null)]
    [InlineData("", null)]
    public void Bearer_tokens_are_read_from_the_authorization_header(string header, string? token) =>
        Assert.Equal(token, AccessRules.BearerToken(header));
}
