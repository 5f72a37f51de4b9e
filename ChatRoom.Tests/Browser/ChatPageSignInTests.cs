using ChatRoom.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Tests.Browser;

/// <summary>The page signed in with <c>/?access_token=</c>, in headless Chromium against the real app on Kestrel.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ChatPageSignInTests(BrowserFixture browser)
{
    private readonly TestTokens _tokens = new();

    [Fact]
    public async Task A_page_opened_with_a_token_joins_under_its_name_hides_the_token_and_marks_verified_names()
    {
        await using var server = ChatServer.OnKestrel(_tokens.Settings());
        await using var bob = await server.JoinedAsync("bob", json: true);
        await using var carol = await server.JoinAsync(json: true, query: "access_token=" + _tokens.For("carol"));
        await carol.ReadWelcomeAsync();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, name: null);
        var token = _tokens.For("alice");

        await tab.Page.GotoAsync(new Uri(server.BaseAddress, "/?access_token=" + token).ToString());
        await tab.ExpectOnlineAsync();
        await bob.SendAsync("from bob");
        await tab.ExpectConfirmedAsync("bob: from bob");
        await carol.SendAsync("from carol");
        await tab.ExpectConfirmedAsync("bob: from bob", "carol: from carol");
        await tab.SendAsync("from alice");
        await tab.ExpectConfirmedAsync("bob: from bob", "carol: from carol", "alice: from alice");

        var badges = tab.Confirmed.Locator(".verified");
        Assert.DoesNotContain("access_token", tab.Page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(token, await tab.Page.EvaluateAsync<string>("() => location.href + document.referrer"),
            StringComparison.Ordinal);
        await Expect(tab.Page.Locator("#me-name")).ToHaveTextAsync("alice");
        await Expect(badges).ToHaveCountAsync(2);
        await Expect(tab.Confirmed.Nth(0).Locator(".verified")).ToHaveCountAsync(0);
        await Expect(tab.Confirmed.Nth(1).Locator(".verified")).ToHaveAttributeAsync("aria-label", "verified: signed in");
        await Expect(tab.Confirmed.Nth(2).Locator(".verified")).ToHaveAttributeAsync("role", "img");
        Assert.Empty(await tab.ProblemsAsync());
    }
}
