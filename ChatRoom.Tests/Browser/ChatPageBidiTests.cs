using System.Text.Json;
using ChatRoom.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Tests.Browser;

/// <summary>
/// What someone wrote cannot reorder what others see: each message's text and each name is a bidi
/// isolate with its own direction, so a U+202E (right-to-left override) reverses only the text it
/// is in, and a right-to-left name keeps its place beside the words around it.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class ChatPageBidiTests(BrowserFixture browser)
{
    private const string Override = "\u202E";
    private const string Hebrew = "\u05D0\u05D1\u05D2"; // אבג

    [Fact]
    public async Task A_right_to_left_override_in_a_message_reorders_neither_the_name_nor_the_lines_after_it()
    {
        await using var server = ChatServer.OnKestrel();
        var room = new ScriptedRoom();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, name: null, prepare: room.InstallAsync);
        await tab.Page.EvaluateAsync("() => { localStorage.setItem('chatroom.name', 'alice'); location.reload(); }");
        var connection = await room.NextConnectionAsync();
        connection.Send(Welcome(
            Message(1, "mallory", $"{Override}evil, and the rest"),
            Message(2, Hebrew, "12 apples", action: true),
            Message(3, "bob", "after"),
            Join(4, Hebrew + " 2")));
        await tab.ExpectOnlineAsync();

        string[] expected = [$"mallory: {Override}evil, and the rest", $"* {Hebrew} 12 apples", "bob: after", $"— {Hebrew} 2 joined · 4 online"];
        await Expect(tab.Page.Locator("#messages > li")).ToHaveCountAsync(expected.Length);
        Assert.Equal(expected, await tab.TranscriptAsync());

        // Each text takes its direction from its own letters and is isolated; each name is a <bdi>.
        var texts = await tab.Page.Locator("#messages .text").EvaluateAllAsync<string[]>(
            "items => items.map(el => el.dir + ' ' + getComputedStyle(el).unicodeBidi)");
        Assert.All(texts, text => Assert.Equal("auto isolate", text));
        var names = await tab.Page.Locator("#messages .author, #messages .name, #member-list .member-name").EvaluateAllAsync<string[]>(
            "items => items.map(el => el.tagName + ' ' + getComputedStyle(el).unicodeBidi)");
        Assert.Equal(3 + 1 + 4, names.Length);
        Assert.All(names, name => Assert.Equal("BDI isolate", name));

        // Drawn in order: the Hebrew name, then its action's "12 apples" to its right (not pulled
        // into the name as "12 אבג"); the overridden message and the line after it in their rows.
        var action = tab.Page.Locator("#messages > li.action");
        var name = await Box(action.Locator(".author"));
        var text = await Box(action.Locator(".text"));
        Assert.True(name.X + name.Width <= text.X + 0.5, $"name ends at {name.X + name.Width}, its action's text starts at {text.X}");
        var overridden = await Box(tab.Page.Locator("#messages > li.msg").Nth(0).Locator(".text"));
        var after = await Box(tab.Page.Locator("#messages > li.msg").Nth(1).Locator(".author"));
        Assert.True(overridden.Y + overridden.Height <= after.Y + 0.5, "the line after the override is below it");
        Assert.Empty(await tab.ProblemsAsync());
    }

    private static async Task<LocatorBoundingBoxResult> Box(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new InvalidOperationException("not drawn");

    private static string Welcome(params string[] history) =>
        $$"""{"type":"welcome","you":"alice","online":4,"members":["alice","bob","mallory",{{JsonSerializer.Serialize(Hebrew + " 2")}}],"history":[{{string.Join(',', history)}}],"maxMessageBytes":4096,"epoch":"E1","last":{{history.Length}}}""";

    private static string Message(int id, string from, string text, bool action = false) =>
        $$"""{"type":"message","id":{{id}},"from":{{JsonSerializer.Serialize(from)}},"text":{{JsonSerializer.Serialize(text)}}{{(action ? ",\"action\":true" : "")}},"ts":"2026-12-01T10:00:0{{id}}.000Z"}""";

    private static string Join(int id, string name) =>
        $$"""{"type":"join","id":{{id}},"name":{{JsonSerializer.Serialize(name)}},"online":4,"ts":"2026-12-01T10:00:0{{id}}.000Z"}""";
}
