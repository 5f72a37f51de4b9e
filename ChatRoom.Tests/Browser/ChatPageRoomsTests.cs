using ChatRoom.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Tests.Browser;

/// <summary>
/// The page's rooms against the real server: two rooms, switching by the list, back and forward,
/// each room resumed with no line twice, unread counts, a shared link, and a phone used from the
/// keyboard alone.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class ChatPageRoomsTests(BrowserFixture browser)
{
    [Fact]
    public async Task Switching_rooms_back_and_forth_resumes_each_with_no_line_twice_and_counts_what_came_meanwhile()
    {
        await using var server = ChatServer.OnKestrel();
        await using var bob = await JoinedAsync(server, "bob", "games");
        await using var carol = await JoinedAsync(server, "carol", "general");
        await SayAsync(bob, "gg one");
        await SayAsync(carol, "general before");

        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice", room: "games");
        await tab.ExpectConfirmedAsync("bob: gg one");
        await Expect(tab.Page).ToHaveTitleAsync("games · ChatRoom");
        await Expect(tab.Rooms.Locator(".room-name")).ToHaveTextAsync(["games", "general"]);
        await Expect(tab.Rooms.Locator(".room-online")).ToHaveTextAsync([", 2 online", ", 1 online"]);
        await Expect(tab.CurrentRoom).ToHaveAttributeAsync("data-room", "games");

        // The room the page is in counts live, without waiting for the list's next refresh.
        await using var erin = await JoinedAsync(server, "erin", "games");
        await Expect(tab.Room("games").Locator(".room-online")).ToHaveTextAsync(", 3 online");

        await tab.Room("general").ClickAsync();
        await tab.ExpectConfirmedAsync("carol: general before");
        await Expect(tab.CurrentRoom).ToHaveAttributeAsync("data-room", "general");
        Assert.EndsWith("/?room=general", tab.Page.Url, StringComparison.Ordinal);
        await Expect(tab.Members).ToHaveTextAsync(["alice", "carol"]);

        // Games carries on while the page shows general: two messages there, counted on its entry.
        await SayAsync(bob, "gg two");
        await SayAsync(bob, "gg three");
        await tab.SetHiddenAsync(false);
        await Expect(tab.Room("games").Locator(".room-unread")).ToHaveTextAsync(", 2 unread");

        await tab.Page.GoBackAsync();
        await tab.ExpectConfirmedAsync("bob: gg one", "bob: gg two", "bob: gg three");
        Assert.Equal(
            ["bob: gg one", "— erin joined · 3 online", "bob: gg two", "bob: gg three"], await tab.TranscriptAsync());
        await Expect(tab.Members).ToHaveTextAsync(["alice", "bob", "erin"]);
        await tab.SendAsync("back in games");
        await tab.ExpectConfirmedAsync("bob: gg one", "bob: gg two", "bob: gg three", "alice: back in games");
        Assert.Contains("room=games", tab.Page.Url, StringComparison.Ordinal);

        await tab.Page.GoForwardAsync();
        await Expect(tab.CurrentRoom).ToHaveAttributeAsync("data-room", "general");
        await tab.ExpectOnlineAsync();
        Assert.Equal(["carol: general before"], await tab.TranscriptAsync());

        // The link as shared (/?room=games): another person opens it and is in games, with its history.
        await using var dave = await ChatTab.OpenAsync(browser, server.BaseAddress, "dave", room: "games");
        await Expect(dave.CurrentRoom).ToHaveAttributeAsync("data-room", "games");
        await dave.ExpectConfirmedAsync("bob: gg one", "bob: gg two", "bob: gg three", "alice: back in games");
        Assert.Empty(await tab.ProblemsAsync());
        Assert.Empty(await dave.ProblemsAsync());
    }

    [Fact]
    public async Task At_375_px_the_keyboard_alone_opens_a_new_room_and_chats_in_it()
    {
        await using var server = ChatServer.OnKestrel();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice", ChatTab.Phone);
        var toggle = tab.Page.Locator("#rooms-toggle");
        await Expect(toggle).ToContainTextAsync("general");

        await tab.Page.EvaluateAsync("() => document.activeElement.blur()");
        for (var presses = 0; presses < 10 && !await toggle.EvaluateAsync<bool>("el => el === document.activeElement"); presses++)
        {
            await tab.Page.Keyboard.PressAsync("Tab");
        }

        await Expect(toggle).ToBeFocusedAsync();
        await tab.Page.Keyboard.PressAsync("Enter");
        await Expect(tab.Room("general")).ToBeFocusedAsync();
        await tab.Page.Keyboard.PressAsync("Tab");
        await Expect(tab.Page.Locator("#room-input")).ToBeFocusedAsync();
        await tab.Page.Keyboard.TypeAsync("Lounge");
        await tab.Page.Keyboard.PressAsync("Enter");
        await Expect(toggle).ToBeFocusedAsync();
        await Expect(toggle).ToContainTextAsync("lounge");
        await tab.ExpectOnlineAsync();
        Assert.EndsWith("/?room=lounge", tab.Page.Url, StringComparison.Ordinal);

        await tab.Input.FocusAsync();
        await tab.Page.Keyboard.TypeAsync("first in the lounge");
        await tab.Page.Keyboard.PressAsync("Enter");
        await tab.ExpectConfirmedAsync("alice: first in the lounge");
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "no sideways scrolling at 375 px");
        await tab.ScreenshotAsync("phone-room-lounge");
        Assert.Empty(await tab.ProblemsAsync());
    }

    private static async Task<TestMember> JoinedAsync(ChatServer server, string name, string room)
    {
        var member = await server.JoinAsync(name, json: true, query: "room=" + room);
        await member.ReadWelcomeAsync();
        return member;
    }

    // Said and acknowledged: the room has it before the test goes on.
    private static async Task SayAsync(TestMember member, string text)
    {
        await member.SendAsync(text);
        await member.ReceiveJsonUntilAsync("ack");
    }
}
