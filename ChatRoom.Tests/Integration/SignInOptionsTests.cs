using ChatRoom.Model;
using ChatRoom.Rooms;
using ChatRoom.Tests.Infrastructure;
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
        await using var server = ChatServer.OnKestrel(_tokens.Settings(("Chat:Identity:ModeratorRole", "chat-mod")));
        await using var carol = await JoinAsync(server, _tokens.Mint(
            new Dictionary<string, object> { ["sub"] = "c", ["name"] = "carol", ["role"] = "chat-mod" }));
        await using var dave = await JoinAsync(server, _tokens.Mint(
            new Dictionary<string, object> { ["sub"] = "d", ["name"] = "dave", ["roles"] = Roles }));
        await using var erin = await JoinAsync(server, _tokens.For("erin", "moderator"));
        await using var guest = await server.JoinedAsync("guest", json: true);

        var identities = server.Services.GetRequiredService<LocalMembers>().All
            .ToDictionary(member => member.Name, member => member.Identity);

        Assert.Equal(new MemberIdentity("c", "carol", IsModerator: true), identities["carol"]);
        Assert.Equal(new MemberIdentity("d", "dave", IsModerator: true), identities["dave"]);
        Assert.Equal(new MemberIdentity("id-erin", "erin", IsModerator: false), identities["erin"]);
        Assert.Null(identities["guest"]);
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
