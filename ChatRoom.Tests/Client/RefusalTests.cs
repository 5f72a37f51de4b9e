using ChatRoom.Client;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Client;

/// <summary>An upgrade the real server refuses: the client shows the server's own reason and does not retry.</summary>
public sealed class RefusalTests
{
    [Fact]
    public async Task A_refused_first_connection_carries_the_servers_plain_text_reason()
    {
        await using var server = ChatServer.OnKestrel();

        var refused = await Assert.ThrowsAsync<ChatConnectException>(
            () => ClientConnections.ConnectAsync(server.BaseAddress, "*star"));

        Assert.Equal(400, refused.HttpStatus);
        Assert.StartsWith("the server refused the connection (400): bad name: ", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }
}
