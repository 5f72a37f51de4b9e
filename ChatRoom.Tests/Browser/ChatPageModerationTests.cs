using ChatRoom.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Tests.Browser;

/// <summary>
/// The page and moderation: moderator commands offered to moderators alone, a deleted message gone
/// from every page, and a kicked member told why and left disconnected.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class ChatPageModerationTests(BrowserFixture browser)
{
    [Fact]
    public async Task Moderator_commands_are_offered_to_moderators_only()
    {
        await using var server = Start();
        await using var carol = await ModeratorAsync(server);
        await using var bob = await ChatTab.OpenAsync(browser, server.BaseAddress, "bob");

        await carol.Input.FillAsync("/");
        await bob.Input.FillAsync("/");

        await Expect(Commands(carol)).ToContainTextAsync(["/kick NAME"]);
        await Expect(Commands(carol).Filter(new() { HasText = "/delete ID" })).ToHaveCountAsync(1);
        await Expect(Commands(bob).Filter(new() { HasText = "/who" })).ToHaveCountAsync(1);
        await Expect(Commands(bob).Filter(new() { HasText = "/kick" })).ToHaveCountAsync(0);
        Assert.Empty(await carol.ProblemsAsync());
        Assert.Empty(await bob.ProblemsAsync());
    }

    [Fact]
    public async Task A_deleted_message_disappears_from_every_page_and_the_moderator_page_keeps_its_answers_in_step()
    {
        await using var server = Start();
        await using var carol = await ModeratorAsync(server);
        await using var bob = await ChatTab.OpenAsync(browser, server.BaseAddress, "bob");
        await using var alice = await server.JoinedAsync("alice", json: true);
        await alice.SendAsync("keep this");
        await alice.SendAsync("oops");
        await alice.ReceiveJsonUntilAsync("ack");
        var oops = (await alice.ReceiveJsonUntilAsync("ack")).GetProperty("id").GetInt64();
        await carol.ExpectConfirmedAsync("alice: keep this", "alice: oops");

        await carol.SendAsync($"/delete {oops}");
        await carol.SendAsync("after");

        await carol.ExpectConfirmedAsync("alice: keep this", "carol: after");
        await bob.ExpectConfirmedAsync("alice: keep this", "carol: after");
        Assert.Empty(await carol.ProblemsAsync());
    }

    [Fact]
    public async Task A_kicked_member_sees_why_and_is_not_reconnected()
    {
        await using var server = Start();
        await using var carol = await ModeratorAsync(server);
        await using var bob = await ChatTab.OpenAsync(browser, server.BaseAddress, "bob");

        await carol.SendAsync("/ban bob 5");

        await Expect(bob.Page.Locator("#messages > li.error")).ToContainTextAsync("You were banned from this room by a moderator.");
        await Expect(bob.Status).ToHaveAttributeAsync("data-state", "idle");
        await Expect(carol.Page.Locator("#messages > li.system").Last).ToContainTextAsync("bob left");
        var transcript = await carol.TranscriptAsync();
        Assert.Contains("— bob was banned by carol for 5 minutes", transcript);
        Assert.Empty(await bob.ProblemsAsync());
    }

    private static ILocator Commands(ChatTab tab) => tab.Page.Locator("#command-list > li");

    private static ChatServer Start() => ChatServer.OnKestrel(TestIdentities.Settings());

    /// <summary>carol signed in with a moderator's token (<c>/?access_token=</c>, as the page signs in).</summary>
    private async Task<ChatTab> ModeratorAsync(ChatServer server)
    {
        var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, name: null);
        await tab.Page.GotoAsync(new Uri(server.BaseAddress,
            "/?access_token=" + TestIdentities.Token("carol", moderator: true)).ToString());
        await tab.ExpectOnlineAsync();
        return tab;
    }
}
