using ChatRoom.Client;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Client;

/// <summary>The client's <see cref="ChatClientOptions.AccessToken"/> against a server with a token scheme and a key.</summary>
public sealed class SignInClientTests
{
    private const string AccessKey = "k3y-0f-the-r00m";
    private readonly TestTokens _tokens = new();

    [Fact]
    public async Task A_client_with_a_token_joins_under_the_tokens_name_with_the_key_in_the_query()
    {
        await using var server = ChatServer.OnKestrel(_tokens.Settings(("Chat:AccessKey", AccessKey)));
        await using var alice = await ClientConnections.ConnectAsync(server.BaseAddress, "mallory", key: AccessKey,
            options: new ChatClientOptions { AccessToken = _tokens.For("alice"), ReconnectJitter = 0 });
        await using var events = new ClientEvents(alice);

        var connected = await events.NextAsync<Connected>();

        Assert.Equal("alice", connected.Welcome.You);
    }

    [Fact]
    public async Task A_client_with_a_bad_token_is_refused_with_401_and_does_not_retry()
    {
        await using var server = ChatServer.OnKestrel(_tokens.Settings());
        var expired = _tokens.Mint(
            new Dictionary<string, object> { ["sub"] = "alice" }, expires: DateTime.UtcNow.AddHours(-1));

        var refused = await Assert.ThrowsAsync<ChatConnectException>(() => ClientConnections.ConnectAsync(
            server.BaseAddress, "alice", options: new ChatClientOptions { AccessToken = expired }));

        Assert.Equal(401, refused.HttpStatus);
    }
}
