using System.Text.RegularExpressions;
using ChatRoom.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Tests.Browser;

/// <summary>What people expect from a chat tab: unread while away, mentions, links, input comfort.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ChatPageComfortTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_hidden_tab_counts_unread_in_the_title_and_marks_where_you_left_on_return()
    {
        await using var server = ChatServer.OnKestrel();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice");
        await using var bob = await server.JoinedAsync("bob");
        await bob.SendAsync("seen while here");
        await tab.ExpectConfirmedAsync("bob: seen while here");
        await Expect(tab.Page).ToHaveTitleAsync("general · ChatRoom");

        await tab.SetHiddenAsync(true);
        await tab.SendAsync("my own line does not count");
        await tab.ExpectConfirmedAsync("bob: seen while here", "alice: my own line does not count");
        await bob.SendAsync("one");
        await Expect(tab.Page).ToHaveTitleAsync("(1) general · ChatRoom");
        await bob.SendAsync("/me waves");
        await bob.SendAsync("three");
        await Expect(tab.Page).ToHaveTitleAsync("(3) general · ChatRoom");
        await Expect(tab.Page.Locator("link[rel='icon']")).ToHaveAttributeAsync("href", new Regex("^data:image/svg\\+xml,"));
        await Expect(tab.Page.Locator(".unread-divider")).ToHaveCountAsync(0);

        await tab.SetHiddenAsync(false);
        await Expect(tab.Page).ToHaveTitleAsync("general · ChatRoom");
        await Expect(tab.Page.Locator("link[rel='icon']")).ToHaveAttributeAsync("href", new Regex("/favicon\\.svg$"));
        var divider = tab.Page.Locator("#messages > li.unread-divider");
        await Expect(divider).ToHaveTextAsync("New since you left");
        await Expect(tab.Page.Locator("#messages > li.unread-divider + li .text")).ToHaveTextAsync("one");
        await tab.ScreenshotAsync("desktop-unread-divider");
        Assert.Equal(
            ["— bob joined · 2 online", "bob: seen while here", "alice: my own line does not count", "unread-divider: New since you left", "bob: one", "* bob waves", "bob: three"],
            await tab.TranscriptAsync());
        Assert.Empty(await tab.ProblemsAsync());
    }

    [Fact]
    public async Task A_mention_is_highlighted_and_notifies_only_once_turned_on()
    {
        await using var server = ChatServer.OnKestrel();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice", permissions: ["notifications"]);
        await using var bob = await server.JoinedAsync("bob");
        Assert.Equal(0, await tab.Page.EvaluateAsync<int>("() => window.__permissionRequests"));

        await bob.SendAsync("hey ALICE, look at this");
        await bob.SendAsync("malice and alice-2 are not you");
        await tab.ExpectConfirmedAsync("bob: hey ALICE, look at this", "bob: malice and alice-2 are not you");
        await Expect(tab.Page.Locator("#messages > li.mentioned")).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator("#messages > li.mentioned mark.mention")).ToHaveTextAsync("ALICE");
        await Expect(tab.Page.Locator("#messages mark")).ToHaveCountAsync(1);
        await tab.ScreenshotAsync("desktop-mention");

        // Off until the person turns it on: a hidden tab's mention raises nothing yet.
        await tab.SetHiddenAsync(true);
        await bob.SendAsync("alice: first ping");
        await Expect(tab.Page).ToHaveTitleAsync("(1) general · ChatRoom");
        Assert.Equal(0, await tab.Page.EvaluateAsync<int>("() => window.__notifications.length"));

        var toggle = tab.Page.Locator("#notify");
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        await bob.SendAsync("<b>alice</b> second ping");
        await tab.Page.WaitForFunctionAsync("() => window.__notifications.length === 1");
        // Text only: the message as plain text, no icon or image.
        Assert.Equal(
            """{"title":"bob mentioned you","body":"<b>alice</b> second ping","icon":null,"image":null}""",
            await tab.Page.EvaluateAsync<string>("() => JSON.stringify(window.__notifications[0])"));

        // Not a mention: no notification, only the count.
        await bob.SendAsync("just chatting");
        await Expect(tab.Page).ToHaveTitleAsync("(3) general · ChatRoom");
        Assert.Equal(1, await tab.Page.EvaluateAsync<int>("() => window.__notifications.length"));
        Assert.Empty(await tab.ProblemsAsync());
    }

    [Fact]
    public async Task Http_urls_become_safe_links_and_other_schemes_stay_text()
    {
        await using var server = ChatServer.OnKestrel();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice");
        await using var mallory = await server.JoinedAsync("mallory");

        const string text = "see https://example.com/x, or javascript:alert(1) and data:text/html,<b>x</b> or (http://example.org/a_(b))";
        await mallory.SendAsync(text);
        await tab.ExpectConfirmedAsync("mallory: " + text);
        var links = tab.Page.Locator("#messages .text a");
        await Expect(links).ToHaveCountAsync(2);
        await Expect(links.First).ToHaveAttributeAsync("href", "https://example.com/x");
        await Expect(links.First).ToHaveTextAsync("https://example.com/x");
        await Expect(links.First).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await Expect(links.First).ToHaveAttributeAsync("target", "_blank");
        await Expect(links.Last).ToHaveAttributeAsync("href", "http://example.org/a_(b)");
        Assert.Equal(0, await tab.Page.Locator("#messages a[href^='javascript'], #messages a[href^='data'], #messages b").CountAsync());

        // On its own it is still only text: clicking it runs nothing and goes nowhere.
        await mallory.SendAsync("javascript:alert(1)");
        await tab.ExpectConfirmedAsync("mallory: " + text, "mallory: javascript:alert(1)");
        var alone = tab.Confirmed.Last.Locator(".text");
        Assert.Equal(0, await alone.Locator("a").CountAsync());
        await alone.ClickAsync();
        await tab.SendAsync("still here");
        await tab.ExpectConfirmedAsync("mallory: " + text, "mallory: javascript:alert(1)", "alice: still here");
        Assert.Empty(await tab.ProblemsAsync()); // no dialog, no request, no CSP report
    }

    [Fact]
    public async Task Up_arrow_recalls_the_last_message_and_tab_completes_a_name()
    {
        await using var server = ChatServer.OnKestrel();
        await using var carol = await server.JoinedAsync("carol");
        await using var caroline = await server.JoinedAsync("Caroline");
        await using var bob = await server.JoinedAsync("bob");
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice");
        await Expect(tab.Members).ToHaveCountAsync(4);

        await tab.SendAsync("first");
        await tab.SendAsync("second, with a typo");
        await tab.ExpectConfirmedAsync("alice: first", "alice: second, with a typo");
        await Expect(tab.Input).ToHaveValueAsync("");
        await tab.Input.PressAsync("ArrowUp");
        await Expect(tab.Input).ToHaveValueAsync("second, with a typo");
        await tab.Input.FillAsync("not empty");
        await tab.Input.PressAsync("ArrowUp");
        await Expect(tab.Input).ToHaveValueAsync("not empty");

        await tab.Input.FillAsync("b");
        await tab.Input.PressAsync("Tab");
        await Expect(tab.Input).ToHaveValueAsync("bob: ");
        await tab.Input.PressSequentiallyAsync("thanks, ca");
        await tab.Input.PressAsync("Tab");
        await Expect(tab.Input).ToHaveValueAsync("bob: thanks, carol ");
        await tab.Input.PressAsync("Tab"); // again: the next match
        await Expect(tab.Input).ToHaveValueAsync("bob: thanks, Caroline ");
        await tab.Input.PressAsync("Tab");
        await Expect(tab.Input).ToHaveValueAsync("bob: thanks, carol ");
        await Expect(tab.Input).ToBeFocusedAsync();

        // Nothing to complete: Tab moves the focus on, as it does everywhere else.
        await tab.Input.FillAsync("zzz");
        await tab.Input.PressAsync("Tab");
        await Expect(tab.Input).Not.ToBeFocusedAsync();
        Assert.Empty(await tab.ProblemsAsync());
    }

    [Fact]
    public async Task A_slash_shows_the_commands_as_you_type()
    {
        await using var server = ChatServer.OnKestrel();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice");
        var commands = tab.Page.Locator("#commands");
        var items = tab.Page.Locator("#command-list code");
        await Expect(commands).ToBeHiddenAsync();

        await tab.Input.PressSequentiallyAsync("/");
        await Expect(commands).ToBeVisibleAsync();
        await Expect(items).ToHaveTextAsync(["/me ACTION", "/nick NAME", "/who", "/join ROOM", "/rooms", "/help", "//text"]);
        await tab.ScreenshotAsync("desktop-commands");
        await tab.Input.PressSequentiallyAsync("n");
        await Expect(items).ToHaveTextAsync(["/nick NAME"]);
        await tab.Page.Locator("#command-list button").ClickAsync();
        await Expect(tab.Input).ToHaveValueAsync("/nick ");
        await Expect(commands).ToBeHiddenAsync();

        await tab.Input.FillAsync("/w");
        await Expect(items).ToHaveTextAsync(["/who"]);
        await tab.Input.PressAsync("Escape");
        await Expect(commands).ToBeHiddenAsync();
        await tab.Input.FillAsync("hello /who");
        await Expect(commands).ToBeHiddenAsync();
        Assert.Empty(await tab.ProblemsAsync());
    }
}
