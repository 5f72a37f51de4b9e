using ChatRoom.Client;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Client;

/// <summary>
/// The client in several rooms of the real server on Kestrel: the room as an option, switching and
/// coming back (a resume per room: every event missed once, none twice), <c>/rooms</c>, refused rooms.
/// </summary>
public sealed class RoomSwitchTests
{
    [Fact]
    public async Task The_room_option_joins_that_room_and_no_event_of_another_room_arrives()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = ChatServer.OnKestrel();
        await using var bob = await server.JoinedAsync("bob", json: true);
        await using var alice = await ClientConnections.ConnectAsync(server.BaseAddress, "alice",
            options: new ChatClientOptions { Room = "Games" });
        await using var events = new ClientEvents(alice);

        var connected = await events.NextAsync<Connected>();
        Assert.Equal("games", connected.Welcome.Room);
        Assert.Equal(["alice"], connected.Welcome.Members);
        Assert.Equal("games", alice.Room);
        await using var carol = await JoinAsync(server, "carol", "games");
        await bob.SendAsync("in general");
        await bob.ReceiveJsonUntilAsync("ack");
        await carol.SendAsync("in games");

        Assert.Equal("carol", (await events.NextAsync<JoinEvent>()).Name);
        Assert.Equal("in games", (await events.NextAsync<MessageEvent>()).Text);
        await alice.SendAsync("hello games", ct);
        Assert.Equal("hello games", (await carol.ReceiveJsonUntilAsync("message")).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Switching_away_and_back_resumes_the_room_with_every_missed_event_once_and_none_twice()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = ChatServer.OnKestrel();
        await using var bob = await server.JoinedAsync("bob", json: true);
        await using var carol = await JoinAsync(server, "carol", "games");
        await carol.SendAsync("games history");
        await carol.ReceiveJsonUntilAsync("ack");
        await using var alice = await ClientConnections.ConnectAsync(server.BaseAddress, "alice");
        await using var events = new ClientEvents(alice);
        Assert.Equal("general", (await events.NextAsync<Connected>()).Welcome.Room);
        await bob.ReceiveJsonUntilAsync("join");
        await bob.SendAsync("one");
        var one = await events.NextAsync<MessageEvent>();

        await alice.SwitchRoomAsync("GAMES", ct);
        var games = await events.NextAsync<Connected>();
        Assert.Equal(("games", "alice", 2), (games.Welcome.Room, games.Welcome.You, games.Welcome.Online));
        Assert.Equal("games history", (await events.NextAsync<MessageEvent>()).Text);
        Assert.Equal("games", alice.Room);
        Assert.Equal("alice", (await bob.ReceiveJsonUntilAsync("leave")).GetProperty("name").GetString());
        await bob.SendAsync("two");
        await bob.ReceiveJsonUntilAsync("ack");
        await bob.SendAsync("three");
        await bob.ReceiveJsonUntilAsync("ack");
        await carol.SendAsync("while alice plays");
        Assert.Equal("while alice plays", (await events.NextAsync<MessageEvent>()).Text);

        await alice.SwitchRoomAsync("general", ct);
        var back = await events.NextAsync<Resumed>();
        Assert.Equal(("general", 3), (back.Welcome.Room, back.Missed));
        var missed = new List<string>();
        for (var i = 0; i < back.Missed; i++)
        {
            missed.Add(Describe(await events.NextAsync()));
        }

        Assert.Equal([$"{one.Id + 1} leave alice", $"{one.Id + 2} bob: two", $"{one.Id + 3} bob: three"], missed);
        await bob.SendAsync("four");
        Assert.Equal($"{one.Id + 5} bob: four", Describe(await events.NextAsync<MessageEvent>()));
        Assert.True(await alice.SendAsync("back in general", ct) > one.Id + 5);
        Assert.Equal("back in general", (await bob.ReceiveJsonUntilAsync("message")).GetProperty("text").GetString());

        // And the other way: games resumes after the message alice already saw there.
        await alice.SwitchRoomAsync("games", ct);
        var again = await events.NextAsync<Resumed>();
        Assert.Equal(("games", 1), (again.Welcome.Room, again.Missed));
        Assert.Equal("alice", (await events.NextAsync<LeaveEvent>()).Name);
    }

    [Fact]
    public async Task A_bad_room_name_is_refused_with_the_servers_reason_and_the_member_stays_where_it_was()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = ChatServer.OnKestrel();
        await using var bob = await server.JoinedAsync("bob", json: true);
        await using var alice = await ClientConnections.ConnectAsync(server.BaseAddress, "alice");
        await using var events = new ClientEvents(alice);
        await events.NextAsync<Connected>();

        var refused = await Assert.ThrowsAsync<ChatConnectException>(() => alice.SwitchRoomAsync("bad/room", ct));

        Assert.Equal(400, refused.HttpStatus);
        Assert.StartsWith("the server refused the connection (400): bad room name: ", refused.Message, StringComparison.Ordinal);
        Assert.True(alice.IsConnected);
        Assert.Equal("general", alice.Room);
        await alice.SendAsync("still here", ct);
        Assert.Equal("still here", (await bob.ReceiveJsonUntilAsync("message")).GetProperty("text").GetString());

        var first = await Assert.ThrowsAsync<ChatConnectException>(() => ClientConnections.ConnectAsync(
            server.BaseAddress, "carol", options: new ChatClientOptions { Room = "two words" }));
        Assert.Contains("bad room name: ", first.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_room_outside_a_closed_set_is_refused_with_404_and_rooms_lists_the_open_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:Rooms:0"] = "games" });
        await using var bob = await server.JoinedAsync("bob", json: true);
        await using var carol = await server.JoinedAsync("carol", json: true);
        await using var alice = await ClientConnections.ConnectAsync(server.BaseAddress, "alice");
        await using var events = new ClientEvents(alice);
        await events.NextAsync<Connected>();

        var refused = await Assert.ThrowsAsync<ChatConnectException>(() => alice.SwitchRoomAsync("chess", ct));
        Assert.Equal((404, "the server refused the connection (404): no such room: chess"), (refused.HttpStatus, refused.Message));

        await alice.SwitchRoomAsync("games", ct);
        await events.NextAsync<Connected>();
        await alice.SendCommandAsync("/rooms", ct);
        var rooms = await events.SkipToAsync<RoomsEvent>();
        Assert.Equal([new RoomCount("general", 2), new RoomCount("games", 1)], rooms.Rooms);
        Assert.Equal(2, rooms.Total);
    }

    [Fact]
    public async Task A_dropped_connection_after_a_switch_reconnects_to_the_room_switched_to()
    {
        var time = ClientConnections.StoppedClock();
        await using var server = ChatServer.OnKestrel();
        await using var proxy = TcpProxy.To(server.BaseAddress);
        await using var carol = await JoinAsync(server, "carol", "games");
        await using var alice = await ClientConnections.ConnectAsync(proxy.BaseAddress, "alice", time);
        await using var events = new ClientEvents(alice);
        await events.NextAsync<Connected>();
        await alice.SwitchRoomAsync("games", TestContext.Current.CancellationToken);
        await events.NextAsync<Connected>();
        await carol.ReceiveJsonUntilAsync("join");

        proxy.DropAll();
        var reconnecting = await events.SkipToAsync<Reconnecting>();
        await carol.ReceiveJsonUntilAsync("leave");
        await carol.SendAsync("missed in games");
        await carol.ReceiveJsonUntilAsync("ack");
        time.Advance(reconnecting.Delay);

        var resumed = await events.NextAsync<Resumed>();
        Assert.Equal(("games", 2), (resumed.Welcome.Room, resumed.Missed));
        Assert.Equal("alice", (await events.NextAsync<LeaveEvent>()).Name);
        Assert.Equal("missed in games", (await events.NextAsync<MessageEvent>()).Text);
    }

    [Fact]
    public async Task A_switch_while_reconnecting_stops_the_reconnect_and_enters_the_new_room()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = ClientConnections.StoppedClock();
        await using var server = ChatServer.OnKestrel();
        await using var proxy = TcpProxy.To(server.BaseAddress);
        await using var bob = await server.JoinedAsync("bob", json: true);
        await using var alice = await ClientConnections.ConnectAsync(proxy.BaseAddress, "alice", time);
        await using var events = new ClientEvents(alice);
        await events.NextAsync<Connected>();
        await bob.ReceiveJsonUntilAsync("join");

        proxy.DropAll();
        var reconnecting = await events.SkipToAsync<Reconnecting>();
        await alice.SwitchRoomAsync("games", ct);

        Assert.Equal("games", (await events.NextAsync<Connected>()).Welcome.Room);
        Assert.True(alice.IsConnected);
        await bob.ReceiveJsonUntilAsync("leave");

        // The stopped reconnect's time comes and goes: general is not entered again.
        time.Advance(reconnecting.Delay * 4);
        await bob.SendAsync("general without alice");
        await bob.ReceiveJsonUntilAsync("ack");
        await using var carol = await JoinAsync(server, "carol", "games");
        Assert.Equal("carol", (await events.NextAsync<JoinEvent>()).Name);
        Assert.Equal("games", alice.Room);
    }

    private static async Task<TestMember> JoinAsync(ChatServer server, string name, string room)
    {
        var member = await server.JoinAsync(name, json: true, query: "room=" + room);
        await member.ReadWelcomeAsync();
        return member;
    }

    private static string Describe(ChatEvent e) => e switch
    {
        MessageEvent m => $"{m.Id} {m.From}: {m.Text}",
        JoinEvent j => $"{j.Id} join {j.Name}",
        LeaveEvent l => $"{l.Id} leave {l.Name}",
        _ => e.ToString(),
    };
}
