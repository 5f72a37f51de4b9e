using System.Net;
using System.Net.WebSockets;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Integration;

/// <summary>docs/protocol.md, row by row, through the in-memory test server.</summary>
public sealed class ChatContractTests : IAsyncLifetime
{
    private readonly ChatServer _server = ChatServer.InMemory(new Dictionary<string, string?>
    {
        ["Chat:MaxMessageBytes"] = "64",
        ["Chat:HistorySize"] = "2",
    });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_message_reaches_every_other_member_but_not_its_sender()
    {
        await using var a = await _server.JoinedAsync("a");
        await using var b = await _server.JoinedAsync("b");
        await using var c = await _server.JoinedAsync("c");
        await b.ReceiveUntilAsync(t => t == "*** c joined (3 online)");

        await a.SendAsync("hello");
        Assert.Equal("a: hello", await b.ReceiveAsync());
        await c.SendAsync("marker");

        Assert.Equal("c: marker", await b.ReceiveAsync());
        Assert.Equal("a: hello", await c.ReceiveAsync());
        // a's next frame is c's marker: its own message never came back.
        Assert.Equal("*** b joined (2 online)", await a.ReceiveAsync());
        Assert.Equal("*** c joined (3 online)", await a.ReceiveAsync());
        Assert.Equal("c: marker", await a.ReceiveAsync());
    }

    [Fact]
    public async Task Json_members_get_an_ack_carrying_their_messages_id()
    {
        await using var a = await _server.JoinedAsync("a", json: true);
        await using var b = await _server.JoinedAsync("b", json: true);

        await a.SendAsync("hi");

        var message = await b.ReceiveJsonUntilAsync("message");
        var ack = await a.ReceiveJsonUntilAsync("ack");
        Assert.Equal("hi", message.GetProperty("text").GetString());
        Assert.Equal("a", message.GetProperty("from").GetString());
        Assert.Equal(message.GetProperty("id").GetInt64(), ack.GetProperty("id").GetInt64());
        Assert.Equal(message.GetProperty("ts").GetString(), ack.GetProperty("ts").GetString());
    }

    [Fact]
    public async Task Json_and_plain_members_see_the_same_event_in_their_own_format()
    {
        await using var json = await _server.JoinedAsync("j", json: true);
        await using var plain = await _server.JoinedAsync("p");

        await plain.SendAsync("/me waves");

        var action = await json.ReceiveJsonUntilAsync("message");
        Assert.True(action.GetProperty("action").GetBoolean());
        Assert.Equal("waves", action.GetProperty("text").GetString());
        await plain.SendAsync("/who");
        Assert.Equal("*** 2 online: j, p", await plain.ReceiveAsync());
    }

    [Fact]
    public async Task Joins_renames_and_leaves_are_events_with_the_online_count()
    {
        await using var watcher = await _server.JoinedAsync("watcher", json: true);
        var carol = await _server.JoinedAsync("carol");

        var join = await watcher.ReceiveJsonUntilAsync("join");
        await carol.SendAsync("/nick caroline");
        var rename = await watcher.ReceiveJsonUntilAsync("rename");
        Assert.Equal("*** carol is now caroline", await carol.ReceiveAsync());
        await carol.CloseAsync();
        var leave = await watcher.ReceiveJsonUntilAsync("leave");
        await carol.DisposeAsync();

        Assert.Equal(("carol", 2), (join.GetProperty("name").GetString(), join.GetProperty("online").GetInt32()));
        Assert.Equal(("carol", "caroline"), (rename.GetProperty("from").GetString(), rename.GetProperty("to").GetString()));
        Assert.Equal(("caroline", 1), (leave.GetProperty("name").GetString(), leave.GetProperty("online").GetInt32()));
        Assert.True(join.GetProperty("id").GetInt64() < rename.GetProperty("id").GetInt64());
        Assert.True(rename.GetProperty("id").GetInt64() < leave.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task The_welcome_replays_recent_messages_then_greets_with_the_member_list()
    {
        await using var a = await _server.JoinedAsync("a");
        foreach (var text in new[] { "one", "/me two", "three" })
        {
            await a.SendAsync(text);
        }

        await a.SendAsync("/who");
        await a.ReceiveUntilAsync(t => t.StartsWith("*** 1 online", StringComparison.Ordinal));
        await using var b = await _server.JoinAsync("b");

        Assert.Equal(["* a two", "a: three", "*** welcome, b: 2 online (a, b). /help lists commands"], await b.ReadWelcomeAsync());
    }

    [Fact]
    public async Task A_taken_name_gets_a_suffix_and_no_name_gets_a_guest_name()
    {
        await using var first = await _server.JoinedAsync("alice");
        await using var second = await _server.JoinedAsync("Alice");
        await using var guest = await _server.JoinedAsync();

        Assert.Equal("Alice-2", second.Name);
        Assert.Matches("^guest-[0-9]{4}$", guest.Name);
    }

    [Fact]
    public async Task Nick_refuses_bad_and_taken_names_with_error_codes()
    {
        await using var a = await _server.JoinedAsync("a", json: true);
        await using var b = await _server.JoinedAsync("b", json: true);

        await b.SendAsync("/nick A");
        var taken = await b.ReceiveJsonUntilAsync("error");
        await b.SendAsync("/nick <script>");
        var bad = await b.ReceiveJsonUntilAsync("error");

        Assert.Equal("name_taken", taken.GetProperty("code").GetString());
        Assert.Equal("bad_name", bad.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Help_who_double_slash_and_unknown_commands()
    {
        await using var a = await _server.JoinedAsync("a");
        await using var b = await _server.JoinedAsync("b");

        await a.SendAsync("/help");
        var help = await a.ReceiveUntilAsync(t => t.StartsWith("*** commands:", StringComparison.Ordinal));
        await a.SendAsync("/dance");
        var unknown = await a.ReceiveUntilAsync(t => t.StartsWith('!'));
        await a.SendAsync("//slash");

        Assert.Contains("/nick", help, StringComparison.Ordinal);
        Assert.Equal("! unknown command /dance (/help lists commands)", unknown);
        Assert.Equal("a: /slash", await b.ReceiveAsync());
    }

    [Fact]
    public async Task Control_characters_are_removed_and_continuation_lines_indented()
    {
        await using var a = await _server.JoinedAsync("a");
        await using var b = await _server.JoinedAsync("b");

        await a.SendAsync("  \u001b[31mred\r\n* a left (0 online)  ");
        await a.SendAsync(" \t\r\n ");
        await a.SendAsync("after");

        Assert.Equal("a: [31mred\n  * a left (0 online)", await b.ReceiveAsync());
        Assert.Equal("a: after", await b.ReceiveAsync());
    }

    [Fact]
    public async Task An_oversize_message_is_refused_and_the_connection_is_kept()
    {
        await using var a = await _server.JoinedAsync("a", json: true);
        await using var b = await _server.JoinedAsync("b");

        await a.SendAsync(new string('x', 65));
        var error = await a.ReceiveJsonUntilAsync("error");
        await a.SendAsync(new string('y', 64));

        Assert.Equal("too_long", error.GetProperty("code").GetString());
        Assert.Equal("message too long (max 64 bytes)", error.GetProperty("message").GetString());
        Assert.Equal("a: " + new string('y', 64), await b.ReceiveAsync());
    }

    [Fact]
    public async Task A_multi_byte_message_is_measured_in_utf8_bytes()
    {
        await using var a = await _server.JoinedAsync("a");
        await using var b = await _server.JoinedAsync("b");

        await a.SendAsync(new string('é', 33));
        Assert.Equal("! message too long (max 64 bytes)", await a.ReceiveUntilAsync(t => t.StartsWith('!')));
        await a.SendAsync(new string('é', 32));
        Assert.Equal("a: " + new string('é', 32), await b.ReceiveAsync());
    }

    [Fact]
    public async Task A_binary_frame_is_closed_with_1003()
    {
        await using var a = await _server.JoinedAsync("a");

        await a.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, TestContext.Current.CancellationToken);

        var (status, _) = await a.ReceiveCloseAsync();
        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, status);
    }

    [Fact]
    public async Task A_plain_get_of_the_socket_url_explains_itself_with_400()
    {
        using var client = _server.CreateClient();

        var response = await client.GetAsync(new Uri("/ws", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("WebSocket", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_name_is_refused_at_the_upgrade_with_400()
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => _server.JoinAsync("bad/name"));
        Assert.Contains("400", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_room_api_reports_members_and_message_count()
    {
        await using var a = await _server.JoinedAsync("a");
        await using var b = await _server.JoinedAsync("b");
        await a.SendAsync("one");
        await b.ReceiveAsync();
        using var client = _server.CreateClient();

        var room = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/room", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal(2, room.GetProperty("online").GetInt32());
        Assert.Equal(["a", "b"], room.GetProperty("members").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, room.GetProperty("messages").GetInt64());
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        using var client = _server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }
}
