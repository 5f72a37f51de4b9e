using System.Net;
using System.Net.WebSockets;
using ChatRoom.Tests.Infrastructure;
using ChatRoom.Tests.Integration;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// <c>POST /api/rooms/{room}/moderation</c>: the admin key as for notices, 202 when done, 404 for
/// an unknown room, member, ban or message, 400 for a body it cannot act on; each action as a
/// moderator's command does it.
/// </summary>
public sealed class ModerationApiTests
{
    [Fact]
    public async Task Without_an_admin_key_configured_the_endpoint_is_not_there()
    {
        await using var server = ChatServer.OnKestrel();
        Assert.Equal(HttpStatusCode.NotFound, await RoomAdmin.ModerateAsync(server, """{"action":"kick","name":"x"}"""));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task Without_the_admin_key_moderation_is_refused_with_401(string? key)
    {
        await using var server = ModerationTests.Start();
        await using var bob = await ModerationTests.JoinAsync(server, "bob", json: true, "198.51.100.3");

        Assert.Equal(HttpStatusCode.Unauthorized,
            await RoomAdmin.ModerateAsync(server, """{"action":"kick","name":"bob"}""", key: key));
        await bob.SendAsync("still here");
        Assert.Equal("ack", (await bob.ReceiveJsonAsync()).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("""{"action":"kick","name":"nobody"}""", HttpStatusCode.NotFound)]
    [InlineData("""{"action":"unban","name":"bob"}""", HttpStatusCode.NotFound)]
    [InlineData("""{"action":"delete","id":999}""", HttpStatusCode.NotFound)]
    [InlineData("""{"action":"explode","name":"bob"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"action":"delete"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"action":"ban","name":"bob","minutes":0}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"action":"kick","name":"*bob"}""", HttpStatusCode.BadRequest)]
    [InlineData("""not json""", HttpStatusCode.BadRequest)]
    public async Task What_cannot_be_done_is_refused_and_changes_nothing(string body, HttpStatusCode status)
    {
        await using var server = ModerationTests.Start();
        await using var bob = await ModerationTests.JoinAsync(server, "bob", json: true, "198.51.100.3");

        Assert.Equal(status, await RoomAdmin.ModerateAsync(server, body));
        await bob.SendAsync("still here");
        Assert.Equal("ack", (await bob.ReceiveJsonAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_room_that_does_not_exist_is_not_found()
    {
        await using var server = ModerationTests.Start();
        Assert.Equal(HttpStatusCode.NotFound,
            await RoomAdmin.ModerateAsync(server, """{"action":"kick","name":"bob"}""", room: "games"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_action_does_what_the_moderator_command_does(bool json)
    {
        await using var server = ModerationTests.Start();
        await using var alice = await ModerationTests.JoinAsync(server, "alice", json: true, "198.51.100.2");
        await using var bob = await ModerationTests.JoinAsync(server, "bob", json, "198.51.100.3");
        await using var dave = await ModerationTests.JoinAsync(server, "dave", json, "198.51.100.4");
        await alice.SendAsync("oops");
        var oops = (await alice.ReceiveJsonUntilAsync("ack")).GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.Accepted, await RoomAdmin.ModerateAsync(server, """{"action":"mute","name":"BOB","minutes":2}"""));
        await ModerationTests.ExpectModerationAsync(bob, "mute", "bob", 2, "*** bob was muted by admin for 2 minutes");
        await bob.SendAsync("hello?");
        Assert.Contains("muted", await bob.ReceiveAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Accepted, await RoomAdmin.ModerateAsync(server, $$"""{"action":"delete","id":{{oops}}}"""));
        Assert.Equal(oops, (await alice.ReceiveJsonUntilAsync("delete")).GetProperty("target").GetInt64());

        Assert.Equal(HttpStatusCode.Accepted, await RoomAdmin.ModerateAsync(server, """{"action":"kick","name":"dave"}"""));
        await ModerationTests.ExpectModerationAsync(dave, "kick", "dave", null, "*** dave was kicked by admin");
        Assert.Equal(((WebSocketCloseStatus)4001, "kicked"), await dave.ReceiveCloseAsync());

        Assert.Equal(HttpStatusCode.Accepted, await RoomAdmin.ModerateAsync(server, """{"action":"ban","name":"bob"}"""));
        await ModerationTests.ExpectModerationAsync(bob, "ban", "bob", 10, "*** bob was banned by admin for 10 minutes");
        Assert.Equal(((WebSocketCloseStatus)4001, "banned"), await bob.ReceiveCloseAsync());
        Assert.Equal(403, await ModerationTests.UpgradeStatusAsync(server, "bob", "198.51.100.3"));

        Assert.Equal(HttpStatusCode.Accepted, await RoomAdmin.ModerateAsync(server, """{"action":"unban","name":"bob"}"""));
        Assert.Equal(101, await ModerationTests.UpgradeStatusAsync(server, "bob", "198.51.100.3"));
    }
}
