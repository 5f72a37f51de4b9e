using System.Text.RegularExpressions;
using System.Threading.Channels;
using ChatRoom.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Tests.Browser;

/// <summary>
/// The page's rooms against a scripted server, frame by frame (docs/protocol.md, "Rooms"): the link's
/// room, switching, the URL and history, a room resumed from its own since/epoch with no line twice,
/// unread counts, names the page or the server refuses, and /join and /rooms in the box.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed partial class ChatPageRoomsContractTests(BrowserFixture browser)
{
    private const string TwoRooms = """{"rooms":[{"name":"general","online":2},{"name":"games","online":1}],"total":2}""";

    private static string Summary(int messages, string epoch, int last) =>
        $$"""{"online":1,"members":["bob"],"messages":{{messages}},"maxMembers":10000,"epoch":"{{epoch}}","last":{{last}}}""";

    [Fact]
    public async Task A_link_opens_its_room_and_coming_back_resumes_it_with_no_line_twice()
    {
        await using var server = ChatServer.OnKestrel();
        var room = new ScriptedRoom();
        room.Answer("/api/rooms", TwoRooms);
        room.Answer("/api/rooms/games", Summary(messages: 1, "G1", last: 1));
        room.Answer("/api/rooms/general", Summary(messages: 1, "E1", last: 3));
        await using var tab = await OpenAsAliceAsync(server, room, "games");

        var games = await room.NextConnectionAsync();
        Assert.EndsWith("/ws?name=alice&room=games", games.Url, StringComparison.Ordinal);
        await tab.Page.RunAndWaitForResponseAsync(
            () =>
            {
                games.Send("""
                    {"type":"welcome","you":"alice","room":"games","online":2,"members":["alice","bob"],"history":[
                      {"type":"message","id":1,"from":"bob","text":"gg","ts":"2026-12-01T10:00:00.000Z"}],
                     "maxMessageBytes":4096,"epoch":"G1","last":2}
                    """);
                return Task.CompletedTask;
            },
            "**/api/rooms/games");
        await tab.ExpectOnlineAsync();
        await Expect(tab.Page).ToHaveTitleAsync("games · ChatRoom");
        await Expect(tab.Rooms.Locator(".room-name")).ToHaveTextAsync(["general", "games"]);
        await Expect(tab.CurrentRoom).ToHaveAttributeAsync("data-room", "games");
        // The room the page is in counts live (its welcome says 2), the others as the list said.
        await Expect(tab.Rooms.Locator(".room-online")).ToHaveTextAsync([", 2 online", ", 2 online"]);

        // A click switches in place; the URL follows the room and leaves the nickname out.
        await tab.Room("general").ClickAsync();
        var general = await room.NextConnectionAsync();
        Assert.EndsWith("/ws?name=alice&room=general", general.Url, StringComparison.Ordinal);
        Assert.EndsWith("/?room=general", tab.Page.Url, StringComparison.Ordinal);
        general.Send("""
            {"type":"welcome","you":"alice","room":"general","online":2,"members":["alice","carol"],"history":[
              {"type":"message","id":2,"from":"carol","text":"hi all","ts":"2026-12-01T10:01:00.000Z"}],
             "maxMessageBytes":4096,"epoch":"E1","last":3}
            """);
        await tab.ExpectConfirmedAsync("carol: hi all");
        await Expect(tab.Page).ToHaveTitleAsync("general · ChatRoom");
        await Expect(tab.CurrentRoom).ToHaveAttributeAsync("data-room", "general");

        // Meanwhile games had our leave and two messages: two unread, our leave is none.
        room.Answer("/api/rooms/games", Summary(messages: 3, "G1", last: 6));
        await tab.SetHiddenAsync(false);
        await Expect(tab.Room("games").Locator(".room-unread")).ToHaveTextAsync(", 2 unread");
        await tab.ScreenshotAsync("desktop-rooms");

        // Back: games again, resumed from its own since/epoch; the missed lines appended once.
        await tab.Page.GoBackAsync();
        var back = await room.NextConnectionAsync();
        Assert.EndsWith("/ws?name=alice&room=games&since=2&epoch=G1", back.Url, StringComparison.Ordinal);
        Assert.Matches(GamesLink(), tab.Page.Url);
        back.Send("""
            {"type":"welcome","you":"alice","room":"games","online":3,"members":["alice","bob","dave"],"history":[
              {"type":"leave","id":3,"name":"alice","online":1,"ts":"2026-12-01T10:02:00.000Z"},
              {"type":"message","id":4,"from":"bob","text":"missed one","ts":"2026-12-01T10:03:00.000Z"},
              {"type":"join","id":5,"name":"dave","online":2,"ts":"2026-12-01T10:04:00.000Z"},
              {"type":"message","id":6,"from":"dave","text":"missed two","ts":"2026-12-01T10:05:00.000Z"}],
             "maxMessageBytes":4096,"epoch":"G1","last":7,"resumed":true,"missed":4}
            """);
        await tab.ExpectConfirmedAsync("bob: gg", "bob: missed one", "dave: missed two");
        Assert.Equal(["bob: gg", "bob: missed one", "— dave joined · 2 online", "dave: missed two"], await tab.TranscriptAsync());
        await Expect(tab.Members).ToHaveTextAsync(["alice", "bob", "dave"]);
        await Expect(tab.Room("games").Locator(".room-unread")).ToHaveCountAsync(0);

        // Forward: general resumes from where the page left it.
        await tab.Page.GoForwardAsync();
        var forward = await room.NextConnectionAsync();
        Assert.EndsWith("/ws?name=alice&room=general&since=3&epoch=E1", forward.Url, StringComparison.Ordinal);
        Assert.EndsWith("/?room=general", tab.Page.Url, StringComparison.Ordinal);
        Assert.Empty(await tab.ProblemsAsync());
    }

    [Fact]
    public async Task A_room_name_is_checked_before_trying_and_a_refused_room_says_the_server_s_reason()
    {
        await using var server = ChatServer.OnKestrel();
        var room = new ScriptedRoom();
        room.Answer("/api/rooms", TwoRooms);
        room.Answer("/api/rooms/general", Summary(messages: 0, "E1", last: 1));
        await using var tab = await OpenAsAliceAsync(server, room, "no room!");

        // An invalid room in the link: said so, and the server's default room instead.
        await Expect(tab.Page.Locator("#room-error")).ToContainTextAsync("“no room!” cannot be a room name");
        var general = await room.NextConnectionAsync();
        Assert.EndsWith("/ws?name=alice", general.Url, StringComparison.Ordinal);
        general.Send("""
            {"type":"welcome","you":"alice","room":"general","online":1,"members":["alice"],"history":[],
             "maxMessageBytes":4096,"epoch":"E1","last":1}
            """);
        await tab.ExpectOnlineAsync();
        await Expect(tab.CurrentRoom).ToHaveAttributeAsync("data-room", "general");

        // Typed: checked by the room rule first, nothing tried.
        await tab.Page.Locator("#room-input").FillAsync("a/b");
        await tab.Page.Locator("#room-input").PressAsync("Enter");
        await Expect(tab.Page.Locator("#room-error")).ToHaveTextAsync("“a/b” cannot be a room name: use 1–32 letters, digits, - _ or .");
        await Expect(tab.Page.Locator("#room-input")).ToBeFocusedAsync();

        // Valid, shown in lower case, but the server will not have it: its reason, and back to general.
        await tab.Page.Locator("#room-input").FillAsync("  Secret ");
        await tab.Page.Locator("#room-input").PressAsync("Enter");
        var secret = await room.NextConnectionAsync();
        Assert.EndsWith("/ws?name=alice&room=secret", secret.Url, StringComparison.Ordinal);
        await secret.CloseAsync();
        await Expect(tab.Page.Locator("#room-error")).ToHaveTextAsync("Could not open “secret”: no such room: secret");
        var again = await room.NextConnectionAsync();
        Assert.EndsWith("/ws?name=alice&room=general&since=1&epoch=E1", again.Url, StringComparison.Ordinal);
        Assert.EndsWith("/?room=general", tab.Page.Url, StringComparison.Ordinal);
        Assert.Empty(await tab.ProblemsAsync(RefusedRoom()));
    }

    [Fact]
    public async Task Slash_join_switches_room_on_the_page_and_slash_rooms_shows_the_server_s_answer()
    {
        await using var server = ChatServer.OnKestrel();
        var room = new ScriptedRoom();
        room.Answer("/api/rooms", TwoRooms);
        room.Answer("/api/rooms/general", Summary(messages: 0, "E1", last: 1));
        await using var tab = await OpenAsAliceAsync(server, room, "general");
        var general = await room.NextConnectionAsync();
        var frames = Channel.CreateUnbounded<string>();
        general.OnMessage(frame => frames.Writer.TryWrite(frame.Text ?? ""));
        general.Send("""
            {"type":"welcome","you":"alice","room":"general","online":1,"members":["alice"],"history":[],
             "maxMessageBytes":4096,"epoch":"E1","last":1}
            """);
        await tab.ExpectOnlineAsync();

        await tab.SendAsync("/rooms");
        Assert.Equal("/rooms", await frames.Reader.ReadAsync(TestContext.Current.CancellationToken));
        general.Send("""{"type":"rooms","rooms":[{"name":"general","online":1},{"name":"games","online":3}],"total":2}""");
        await Expect(tab.Page.Locator("#messages > li.info")).ToHaveTextAsync("rooms: general (1), games (3)");

        // Not a frame: checked on the page, then a switch. The next frame the room gets is /who.
        await tab.SendAsync("/join no way");
        await Expect(tab.Page.Locator("#messages > li.error")).ToContainTextAsync("“no way” cannot be a room name");
        await tab.SendAsync("/who");
        Assert.Equal("/who", await frames.Reader.ReadAsync(TestContext.Current.CancellationToken));
        await tab.SendAsync("/join Games");
        var games = await room.NextConnectionAsync();
        Assert.EndsWith("/ws?name=alice&room=games", games.Url, StringComparison.Ordinal);
        Assert.EndsWith("/?room=games", tab.Page.Url, StringComparison.Ordinal);
        Assert.Empty(await tab.ProblemsAsync());
    }

    private async Task<ChatTab> OpenAsAliceAsync(ChatServer server, ScriptedRoom room, string roomName) =>
        await ChatTab.OpenAsync(browser, server.BaseAddress, name: null, room: roomName, prepare: async page =>
        {
            await room.InstallAsync(page);
            await page.AddInitScriptAsync("localStorage.setItem('chatroom.name', 'alice')");
        });

    [GeneratedRegex(@"/\?room=games$")]
    private static partial Regex GamesLink();

    // The page asks the server why it will not have a room; Chromium logs the 404 answer.
    [GeneratedRegex(@"^console: Failed to load resource: the server responded with a status of 404")]
    private static partial Regex RefusedRoom();
}
