using ChatRoom.Client;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Client;

/// <summary>The client against the real server on Kestrel: sends, acks, commands, events, close.</summary>
public sealed class ChatClientTests
{
    [Fact]
    public async Task Send_returns_the_id_from_the_ack_and_the_others_see_the_message_under_that_id()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = ChatServer.OnKestrel();
        await using var bob = await server.JoinedAsync("bob", json: true);
        await using var alice = await ClientConnections.ConnectAsync(server.BaseAddress, "alice");
        await using var events = new ClientEvents(alice);
        var connected = await events.NextAsync<Connected>();
        Assert.Equal("alice", connected.Welcome.You);
        Assert.Equal(["bob", "alice"], connected.Welcome.Members.Order(StringComparer.Ordinal).Reverse());
        await bob.ReceiveJsonUntilAsync("join");

        var first = await alice.SendAsync("hello", ct);
        var second = await alice.SendAsync("/me waves", ct);

        var message = await bob.ReceiveJsonUntilAsync("message");
        Assert.Equal(first, message.GetProperty("id").GetInt64());
        Assert.Equal("hello", message.GetProperty("text").GetString());
        var action = await bob.ReceiveJsonUntilAsync("message");
        Assert.Equal(second, action.GetProperty("id").GetInt64());
        Assert.True(action.GetProperty("action").GetBoolean());
        Assert.True(second > first);

        await bob.SendAsync("hi alice");
        var received = await events.SkipToAsync<MessageEvent>();
        Assert.Equal(("bob", "hi alice", false), (received.From, received.Text, received.IsAction));
        Assert.True(received.Id > second);
    }

    [Fact]
    public async Task Commands_are_answered_by_events_and_refusals_throw_with_the_servers_code()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = ChatServer.OnKestrel();
        await using var bob = await server.JoinedAsync("bob", json: true);
        await using var alice = await ClientConnections.ConnectAsync(server.BaseAddress, "alice");
        await using var events = new ClientEvents(alice);
        await events.NextAsync<Connected>();

        await alice.SendCommandAsync("/who", ct);
        Assert.Equal(["alice", "bob"], (await events.NextAsync<MembersEvent>()).Members.Order(StringComparer.Ordinal));

        var taken = await Assert.ThrowsAsync<ChatSendRejectedException>(() => alice.SendCommandAsync("/nick bob", ct));
        Assert.Equal("name_taken", taken.Code);
        var unknown = await Assert.ThrowsAsync<ChatSendRejectedException>(() => alice.SendCommandAsync("/dance", ct));
        Assert.Equal("bad_command", unknown.Code);

        await alice.SendCommandAsync("/nick al", ct);
        var rename = await events.NextAsync<RenameEvent>();
        Assert.Equal(("alice", "al"), (rename.From, rename.To));
        Assert.Equal("al", alice.Name);

        // A message that starts with / needs //; a command is not a message, nor an empty line.
        await Assert.ThrowsAsync<ArgumentException>(() => alice.SendAsync("/who", ct));
        await Assert.ThrowsAsync<ArgumentException>(() => alice.SendAsync(" \t ", ct));
        await alice.SendAsync("//who is there?", ct);
        Assert.Equal("/who is there?", (await bob.ReceiveJsonUntilAsync("message")).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_message_over_the_servers_limit_is_refused_without_being_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:MaxMessageBytes"] = "64" });
        await using var alice = await ClientConnections.ConnectAsync(server.BaseAddress, "alice");

        var refused = await Assert.ThrowsAsync<ChatSendRejectedException>(() => alice.SendAsync(new string('x', 65), ct));

        Assert.Equal("too_long", refused.Code);
        Assert.True(await alice.SendAsync(new string('x', 64), ct) > 0);
    }

    [Fact]
    public async Task Close_leaves_the_room_and_ends_the_stream_with_the_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = ChatServer.OnKestrel();
        await using var bob = await server.JoinedAsync("bob", json: true);
        var alice = await ClientConnections.ConnectAsync(server.BaseAddress, "alice");
        await using var events = new ClientEvents(alice);
        await events.NextAsync<Connected>();

        await alice.CloseAsync(ct);

        var ended = await events.NextAsync<SessionEnded>();
        Assert.Equal(("closed", 1000), (ended.Reason, ended.CloseStatus));
        Assert.True(await events.HasEndedAsync());
        Assert.Equal("alice", (await bob.ReceiveJsonUntilAsync("leave")).GetProperty("name").GetString());
        await Assert.ThrowsAsync<ChatNotConnectedException>(() => alice.SendAsync("too late", ct));
        await alice.DisposeAsync();
    }
}
