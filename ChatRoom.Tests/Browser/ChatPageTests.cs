using System.Text.RegularExpressions;
using ChatRoom.Client;
using ChatRoom.Tests.Client;
using ChatRoom.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Tests.Browser;

/// <summary>The page at <c>/</c> in headless Chromium against the real app on Kestrel.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ChatPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Two_pages_chat_and_show_one_order()
    {
        await using var server = ChatServer.OnKestrel();
        await using var observer = await server.JoinedAsync("observer", json: true);
        await using var alice = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice");
        await using var bob = await ChatTab.OpenAsync(browser, server.BaseAddress, "bob");
        await Expect(alice.Input).ToBeFocusedAsync();

        // Interleaved without waiting for acks: each page shows its own lines before the room has
        // ordered them, and must then place them where the room's ids say.
        await alice.SendAsync("a1");
        await bob.SendAsync("b1");
        await alice.SendAsync("a2");
        await bob.SendAsync("b2");

        await Expect(alice.Confirmed).ToHaveCountAsync(4);
        await Expect(bob.Confirmed).ToHaveCountAsync(4);
        var roomOrder = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var message = await observer.ReceiveJsonUntilAsync("message");
            roomOrder.Add($"{message.GetProperty("from").GetString()}: {message.GetProperty("text").GetString()}");
        }

        Assert.Equal(roomOrder, await alice.ConfirmedLinesAsync());
        Assert.Equal(roomOrder, await bob.ConfirmedLinesAsync());
        string[] everyone = ["alice: a1", "alice: a2", "bob: b1", "bob: b2"];
        Assert.Equal(everyone, roomOrder.Order());
        Assert.Empty(await alice.ProblemsAsync());
        Assert.Empty(await bob.ProblemsAsync());
    }

    [Fact]
    public async Task A_plain_socket_members_message_appears_on_the_page()
    {
        await using var server = ChatServer.OnKestrel();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice");
        await using var carol = await server.JoinedAsync("carol");

        await carol.SendAsync("hello from wscat\nsecond line");
        await carol.SendAsync("/me waves");

        await tab.ExpectConfirmedAsync("carol: hello from wscat\nsecond line", "carol: waves");
        await Expect(tab.Page.Locator("#messages > li.action")).ToContainTextAsync("carol waves");
        string[] expected = ["carol: hello from wscat\nsecond line", "carol: waves"];
        Assert.Equal(expected, await tab.ConfirmedLinesAsync());
        Assert.Empty(await tab.ProblemsAsync());
    }

    [Fact]
    public async Task Html_in_a_message_is_shown_as_text_and_runs_nothing()
    {
        await using var server = ChatServer.OnKestrel();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice");
        await using var mallory = await server.JoinedAsync("mallory");

        await mallory.SendAsync("<img src=x onerror=alert(1)>");
        await tab.SendAsync("<script>alert(2)</script> & <b>bold</b>");

        await tab.ExpectConfirmedAsync("mallory: <img src=x onerror=alert(1)>", "alice: <script>alert(2)</script> & <b>bold</b>");
        Assert.Equal(0, await tab.Page.Locator("#messages img, #messages script, #messages b").CountAsync());
        Assert.Empty(await tab.ProblemsAsync()); // no dialog, no request for "x", no CSP report
    }

    [Fact]
    public async Task Markup_emoji_and_CJK_reach_the_page_and_the_client_as_the_same_text()
    {
        // JSON frames carry these as plain UTF-8, not \u escapes: still text, never markup.
        const string FromClient = "<img src=x onerror=alert(1)> 你好，世界 😀👨‍👩‍👧";
        const string FromPage = "</script><script>alert(2)</script> \"q\" \\ 🎉 中文";
        var ct = TestContext.Current.CancellationToken;
        await using var server = ChatServer.OnKestrel();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "小明");
        await using var client = await ClientConnections.ConnectAsync(server.BaseAddress, "mallory");
        await using var events = new ClientEvents(client);
        Assert.Contains("小明", (await events.NextAsync<Connected>()).Welcome.Members);

        await client.SendAsync(FromClient, ct);
        await tab.ExpectConfirmedAsync($"mallory: {FromClient}");
        await tab.SendAsync(FromPage);

        await tab.ExpectConfirmedAsync($"mallory: {FromClient}", $"小明: {FromPage}");
        Assert.Equal([$"mallory: {FromClient}", $"小明: {FromPage}"], await tab.ConfirmedLinesAsync());
        var received = await events.SkipToAsync<MessageEvent>(m => m.From == "小明");
        Assert.Equal(FromPage, received.Text);
        Assert.Equal(0, await tab.Page.Locator("#messages img, #messages script").CountAsync());
        Assert.Empty(await tab.ProblemsAsync());
    }

    [Fact]
    public async Task The_member_list_follows_joins_renames_and_leaves()
    {
        await using var server = ChatServer.OnKestrel();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice");
        await Expect(tab.Members).ToHaveTextAsync(["alice"]);
        await Expect(tab.OnlineCount).ToHaveTextAsync("1");

        var carol = await server.JoinedAsync("carol");
        await using var dave = await server.JoinedAsync("dave");
        await Expect(tab.Members).ToHaveTextAsync(["alice", "carol", "dave"]);
        await Expect(tab.OnlineCount).ToHaveTextAsync("3");

        await dave.SendAsync("/nick dave2");
        await Expect(tab.Members).ToHaveTextAsync(["alice", "carol", "dave2"]);

        await carol.DisposeAsync();
        await Expect(tab.Members).ToHaveTextAsync(["alice", "dave2"]);
        await Expect(tab.OnlineCount).ToHaveTextAsync("2");
        await Expect(tab.Page.Locator("#messages > li.system")).ToHaveTextAsync(
            [new Regex("carol joined"), new Regex("dave joined"), new Regex("dave is now dave2"), new Regex("carol left · 2 online")]);
        Assert.Empty(await tab.ProblemsAsync());
    }

    [Fact]
    public async Task The_page_is_served_under_a_strict_policy_and_runs_without_errors()
    {
        await using var server = ChatServer.OnKestrel(RoomAdmin.Settings());
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, name: null);
        var response = await tab.Page.ReloadAsync();
        var headers = await response!.AllHeadersAsync();
        var host = server.BaseAddress.Authority;
        Assert.Contains("default-src 'self'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Contains($"connect-src 'self' ws://{host} wss://{host}", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("no-cache", headers["cache-control"]);

        // Every command passes through to the room and its answer is shown.
        await tab.Page.Locator("#name-input").FillAsync("alice");
        await tab.Page.Locator("#name-input").PressAsync("Enter");
        await tab.ExpectOnlineAsync();
        await tab.SendAsync("/help");
        await Expect(tab.Page.Locator("#messages > li.info")).ToContainTextAsync("/nick NAME");
        await tab.SendAsync("/who");
        await Expect(tab.Page.Locator("#messages > li.info").Last).ToHaveTextAsync("1 online: alice");
        await tab.SendAsync("/bogus");
        await Expect(tab.Page.Locator("#messages > li.error")).ToContainTextAsync("unknown command /bogus");
        await tab.SendAsync("//slash");
        await tab.SendAsync("/me stretches");
        await tab.ExpectConfirmedAsync("alice: /slash", "alice: stretches");
        await RoomAdmin.PostNoticeAsync(server, "tea in five");
        await Expect(tab.Page.Locator("#messages > li.notice")).ToContainTextAsync("tea in five");

        Assert.Empty(await tab.ProblemsAsync());
    }

    [Fact]
    public async Task The_nickname_is_asked_once_remembered_and_changeable()
    {
        await using var server = ChatServer.OnKestrel();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, name: null);
        var dialog = tab.Page.Locator("#name-dialog");
        var nameInput = tab.Page.Locator("#name-input");
        await Expect(dialog).ToBeVisibleAsync();

        await nameInput.FillAsync("no <tags>");
        await nameInput.PressAsync("Enter");
        await Expect(tab.Page.Locator("#name-error")).ToContainTextAsync("letters, digits");
        await nameInput.FillAsync("  zoë  ");
        await nameInput.PressAsync("Enter");
        await tab.ExpectOnlineAsync();
        await Expect(tab.Page.Locator("#me-name")).ToHaveTextAsync("zoë");
        await Expect(tab.Input).ToBeFocusedAsync();

        await tab.Page.ReloadAsync();
        await tab.ExpectOnlineAsync();
        await Expect(dialog).Not.ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#me-name")).ToHaveTextAsync("zoë");

        await tab.Page.Locator("#change-name").ClickAsync();
        await nameInput.FillAsync("zoe2");
        await nameInput.PressAsync("Enter");
        await Expect(tab.Page.Locator("#me-name")).ToHaveTextAsync("zoe2");
        await Expect(tab.Members).ToHaveTextAsync(["zoe2"]);

        await tab.Page.ReloadAsync();
        await tab.ExpectOnlineAsync();
        await Expect(tab.Page.Locator("#me-name")).ToHaveTextAsync("zoe2");
        Assert.Empty(await tab.ProblemsAsync());
    }

    [Fact]
    public async Task The_input_counts_bytes_against_the_rooms_limit()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:MaxMessageBytes"] = "64" });
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice");
        var counter = tab.Page.Locator("#counter");

        await tab.Input.FillAsync(new string('é', 33)); // 66 bytes in UTF-8
        await Expect(counter).ToHaveAttributeAsync("data-level", "over");
        await Expect(counter).ToHaveTextAsync("2 bytes over the 64-byte limit");
        await Expect(tab.Page.Locator("#send")).ToBeDisabledAsync();
        await tab.Input.PressAsync("Enter");
        await Expect(tab.Input).ToHaveValueAsync(new string('é', 33)); // kept, not sent

        await tab.Input.FillAsync(new string('é', 30));
        await Expect(counter).ToHaveTextAsync("60 / 64 bytes");
        await Expect(tab.Input).ToHaveValueAsync(new string('é', 30));
        await tab.Input.PressAsync("Shift+Enter");
        await Expect(tab.Input).ToHaveValueAsync(new string('é', 30) + "\n");
        await tab.Input.PressAsync("Enter");
        await tab.ExpectConfirmedAsync("alice: " + new string('é', 30));
        await Expect(counter).ToHaveTextAsync("0 / 64 bytes");
        Assert.Empty(await tab.ProblemsAsync());
    }

    [Fact]
    public async Task The_list_follows_new_messages_unless_the_reader_scrolled_up()
    {
        // Enough lines to scroll, in one burst: above the default burst of 20.
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:RateLimit:Burst"] = "100" });
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice");
        await using var bob = await server.JoinedAsync("bob");
        for (var i = 1; i <= 30; i++)
        {
            await bob.SendAsync($"line {i}");
        }

        await Expect(tab.Confirmed).ToHaveCountAsync(30);
        await tab.Page.WaitForFunctionAsync(AtBottom);

        await tab.Page.Locator("#scroller").EvaluateAsync("s => { s.scrollTop = 0; }");
        await bob.SendAsync("while reading");
        await Expect(tab.Page.Locator("#jump")).ToHaveTextAsync("New message ↓");
        Assert.Equal(0, await tab.Page.Locator("#scroller").EvaluateAsync<int>("s => s.scrollTop"));

        await tab.Page.Locator("#jump").ClickAsync();
        await tab.Page.WaitForFunctionAsync(AtBottom);
        await Expect(tab.Page.Locator("#jump")).ToBeHiddenAsync();
        await bob.SendAsync("at the bottom again");
        await Expect(tab.Confirmed).ToHaveCountAsync(32);
        await tab.Page.WaitForFunctionAsync(AtBottom);
        await Expect(tab.Page.Locator("#jump")).ToBeHiddenAsync();
        Assert.Empty(await tab.ProblemsAsync());
    }

    private const string AtBottom =
        "() => { const s = document.getElementById('scroller'); return s.scrollHeight - s.scrollTop - s.clientHeight < 2; }";

    [Fact]
    public async Task Screenshots_of_a_lively_room_at_desktop_and_phone_sizes()
    {
        await using var server = ChatServer.OnKestrel(RoomAdmin.Settings());
        await using var bob = await server.JoinedAsync("bob");
        await using var carol = await server.JoinedAsync("carol");
        await bob.SendAsync("Morning all! Did the 2.3 deploy go out?");
        await using var alice = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice");
        await alice.SendAsync("Yes, live since 09:40. The rollback plan is in the runbook.");
        await alice.ExpectConfirmedAsync("bob: Morning all! Did the 2.3 deploy go out?", "alice: Yes, live since 09:40. The rollback plan is in the runbook.");
        // Members on different sockets race each other, so each line waits for the page before the next.
        var shown = 2;
        async Task SayAsync(TestMember member, string text)
        {
            await member.SendAsync(text);
            await Expect(alice.Confirmed).ToHaveCountAsync(++shown);
        }

        await SayAsync(carol, "/me brings coffee ☕");
        await SayAsync(carol, "Nice. Latency graphs look flat so far.");
        await using var dave = await server.JoinedAsync("dave");
        await SayAsync(dave, "Can someone review #412 today?\nIt's the retry fix for the socket client.");
        await SayAsync(bob, "On it after lunch, alice: https://example.com/chatroom/pull/412");
        await RoomAdmin.PostNoticeAsync(server, "maintenance tonight 22:00-22:30 UTC");
        await Expect(alice.Page.Locator("#messages > li.notice")).ToHaveCountAsync(1);
        await using var erin = await server.JoinedAsync("erin");
        await SayAsync(erin, "<b>markup</b> shows up as text here, by the way.");
        await alice.SendAsync("/me waves at erin");
        await alice.ExpectConfirmedAsync(
            "bob: Morning all! Did the 2.3 deploy go out?",
            "alice: Yes, live since 09:40. The rollback plan is in the runbook.",
            "carol: brings coffee ☕",
            "carol: Nice. Latency graphs look flat so far.",
            "dave: Can someone review #412 today?\nIt's the retry fix for the socket client.",
            "bob: On it after lunch, alice: https://example.com/chatroom/pull/412",
            "erin: <b>markup</b> shows up as text here, by the way.",
            "alice: waves at erin");
        await alice.Input.FillAsync("Thanks bob!");
        await alice.ScreenshotAsync("desktop-light");

        await using var dark = await ChatTab.OpenAsync(browser, server.BaseAddress, "frank", colorScheme: ColorScheme.Dark);
        await Expect(dark.Confirmed).ToHaveCountAsync(8);
        await dark.ScreenshotAsync("desktop-dark");

        await using var phone = await ChatTab.OpenAsync(browser, server.BaseAddress, "grace", ChatTab.Phone);
        await Expect(phone.Confirmed).ToHaveCountAsync(8);
        await phone.ScreenshotAsync("phone-light");
        await phone.Page.Locator("#members-toggle").ClickAsync();
        await Expect(phone.Page.Locator("#members")).ToBeVisibleAsync();
        await Expect(phone.Members).ToHaveCountAsync(7);
        await phone.ScreenshotAsync("phone-members");

        await using var phoneDark = await ChatTab.OpenAsync(browser, server.BaseAddress, name: null, ChatTab.Phone, ColorScheme.Dark);
        await Expect(phoneDark.Page.Locator("#name-dialog")).ToBeVisibleAsync();
        await phoneDark.ScreenshotAsync("phone-dark-nickname");

        TestContext.Current.TestOutputHelper?.WriteLine($"screenshots in {BrowserFixture.ScreenshotDirectory}");
        foreach (var tab in new[] { alice, dark, phone, phoneDark })
        {
            Assert.Empty(await tab.ProblemsAsync());
        }
    }
}
