using ChatRoom.Model;
using ChatRoom.SignIn;
using ChatRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Tests.Integration;

/// <summary><c>Chat:Identity</c>: validated at start-up; which claim names a member; which role moderates.</summary>
public sealed class SignInOptionsTests
{
    private static readonly string[] Roles = ["reader", "chat-mod"];

    private readonly TestTokens _tokens = new();

    [Theory]
    [InlineData("--Chat:Identity:Required=true", "Chat:Identity:Required needs a token scheme")]
    [InlineData("--Chat:Identity:NameClaim=display name", "Chat:Identity:NameClaim")]
    [InlineData("--Chat:Identity:ModeratorRole=", "Chat:Identity:ModeratorRole")]
    public async Task Invalid_identity_settings_stop_the_server_before_it_listens_naming_the_key(string setting, string named)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(setting));

        Assert.Contains("ChatRoom cannot start: invalid configuration", failure.Message, StringComparison.Ordinal);
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_upgrade_reads_a_token_no_request_is_authenticated_by_default()
    {
        await using var server = ChatServer.OnKestrel(_tokens.Settings());

        // A default scheme would run JwtBearer on every request, and keep its handler for the socket's life.
        var schemes = server.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        Assert.Null(await schemes.GetDefaultAuthenticateSchemeAsync());
        Assert.Equal("alice", await JoinedNameAsync(server, _tokens.Mint(new Dictionary<string, object> { ["sub"] = "a", ["name"] = "alice" })));
    }

    [Fact]
    public async Task The_name_comes_from_name_then_preferred_username_then_sub_or_from_the_one_claim_configured()
    {
        await using var server = ChatServer.OnKestrel(_tokens.Settings());
        await using var configured = ChatServer.OnKestrel(_tokens.Settings(("Chat:Identity:NameClaim", "nickname")));
        var all = new Dictionary<string, object>
        {
            ["sub"] = "u-1", ["name"] = "Alice Liddell", ["preferred_username"] = "alice", ["nickname"] = "ally",
        };
        var noName = new Dictionary<string, object> { ["sub"] = "u-2", ["preferred_username"] = "bob" };
        var subOnly = new Dictionary<string, object> { ["sub"] = "carol" };

        string?[] names =
        [
            await JoinedNameAsync(server, _tokens.Mint(all)),
            await JoinedNameAsync(server, _tokens.Mint(noName)),
            await JoinedNameAsync(server, _tokens.Mint(subOnly)),
            await JoinedNameAsync(configured, _tokens.Mint(all)),
        ];

        Assert.Equal(["Alice Liddell", "bob", "carol", "ally"], names);
    }

    [Fact]
    public async Task A_token_with_the_moderator_role_in_role_or_roles_makes_a_moderator()
    {
        await using var server = ChatServer.InMemory(_tokens.Settings(("Chat:Identity:ModeratorRole", "chat-mod")));

        var carol = await IdentityAsync(server, _tokens.Mint(
            new Dictionary<string, object> { ["sub"] = "c", ["name"] = "carol", ["role"] = "chat-mod" }));
        var dave = await IdentityAsync(server, _tokens.Mint(
            new Dictionary<string, object> { ["sub"] = "d", ["name"] = "dave", ["roles"] = Roles }));
        var erin = await IdentityAsync(server, _tokens.For("erin", "moderator"));

        Assert.Equal(new MemberIdentity("c", "carol", IsModerator: true), carol);
        Assert.Equal(new MemberIdentity("d", "dave", IsModerator: true), dave);
        Assert.Equal(new MemberIdentity("id-erin", "erin", IsModerator: false), erin);
    }

    /// <summary>What the upgrade's sign-in makes of a token sent as <c>Authorization: Bearer</c>.</summary>
    private static async Task<MemberIdentity?> IdentityAsync(ChatServer server, string token)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        var outcome = await scope.ServiceProvider.GetRequiredService<TokenSignIn>().AuthenticateAsync(context);
        return outcome.Identity;
    }

    private static async Task<TestMember> JoinAsync(ChatServer server, string token)
    {
        var member = await server.JoinAsync(json: true, query: "access_token=" + token);
        await member.ReadWelcomeAsync();
        return member;
    }

    private static async Task<string?> JoinedNameAsync(ChatServer server, string token)
    {
        await using var member = await JoinAsync(server, token);
        return member.Name;
    }
}
