using ChatRoom.Cli;
using ChatRoom.Client;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Client;

/// <summary>
/// The client and the terminal chat against moderation on the real server: a moderator's commands
/// are answered by the events they cause, a muted send throws <c>muted</c>, and a kick ends the
/// session with a readable reason and no reconnect.
/// </summary>
public sealed class ModerationClientTests
{
    [Fact]
    public async Task A_moderators_commands_complete_and_their_member_reads_them_and_ends_on_a_kick()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = ChatServer.OnKestrel(TestIdentities.Settings());
        await using var carol = await ClientConnections.ConnectAsync(server.BaseAddress, "carol", options:
            new ChatClientOptions { AccessToken = TestIdentities.Token("carol", moderator: true), ReconnectJitter = 0 });
        await using var bob = await ClientConnections.ConnectAsync(server.BaseAddress, "bob");
        await using var carolEvents = new ClientEvents(carol);
        await using var bobEvents = new ClientEvents(bob);
        await carolEvents.NextAsync<Connected>();
        await bobEvents.NextAsync<Connected>();
        var lines = new EventLines();

        await carol.SendCommandAsync("/mute bob 3", ct);
        var muted = await bobEvents.SkipToAsync<ModerationEvent>();
        var refused = await Assert.ThrowsAsync<ChatSendRejectedException>(() => bob.SendAsync("hello?", ct));
        await carol.SendCommandAsync("/kick bob", ct);
        var kicked = await bobEvents.SkipToAsync<ModerationEvent>();
        var ended = await bobEvents.NextAsync<SessionEnded>();

        Assert.Equal(("mute", "bob", "carol", (int?)3), (muted.Action, muted.Target, muted.By, muted.Minutes));
        Assert.EndsWith(" *** bob was muted by carol for 3 minutes", lines.For(muted, DateTimeOffset.Now)!.Text, StringComparison.Ordinal);
        Assert.Equal("muted", refused.Code);
        Assert.EndsWith(" *** bob was kicked by carol", lines.For(kicked, DateTimeOffset.Now)!.Text, StringComparison.Ordinal);
        Assert.Equal(4001, ended.CloseStatus);
        Assert.Equal("a moderator kicked you from this room (4001)", ended.Reason);
        Assert.True(await bobEvents.HasEndedAsync());
    }
}
