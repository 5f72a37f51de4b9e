using ChatRoom.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Tests.Browser;

/// <summary>
/// The page against a scripted room: resume and a new epoch exactly as the contract words them
/// (docs/protocol.md, "Resume after reconnect"), frame by frame.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class ChatPageContractTests(BrowserFixture browser)
{
    private const string FirstWelcome = """
        {"type":"welcome","you":"alice","online":2,"members":["alice","bob"],"history":[
          {"type":"message","id":1,"from":"bob","text":"hello","ts":"2026-12-01T10:00:00.000Z"}],
         "maxMessageBytes":4096,"epoch":"E1","last":2}
        """;

    [Fact]
    public async Task A_resumed_welcome_appends_exactly_the_missed_events()
    {
        await using var server = ChatServer.OnKestrel();
        var room = new ScriptedRoom();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, name: null, prepare: room.InstallAsync);
        await tab.Page.EvaluateAsync("() => { localStorage.setItem('chatroom.name', 'alice'); location.reload(); }");
        var first = await room.NextConnectionAsync();
        Assert.EndsWith("/ws?name=alice", first.Url, StringComparison.Ordinal);
        first.Send(FirstWelcome);
        first.Send("""{"type":"message","id":3,"from":"bob","text":"three","ts":"2026-12-01T10:01:00.000Z"}""");
        first.Send("""{"type":"join","id":4,"name":"carol","online":3,"ts":"2026-12-01T10:02:00.000Z"}""");
        await tab.ExpectOnlineAsync();
        await Expect(tab.Members).ToHaveTextAsync(["alice", "bob", "carol"]);

        // Sent, then the connection drops before the ack: maybe it reached the room, maybe not.
        await tab.SendAsync("unacked");
        await Expect(tab.Page.Locator("#messages > li.pending")).ToHaveCountAsync(1);
        await first.CloseAsync();
        await Expect(tab.Page.Locator("#messages > li.failed")).ToHaveCountAsync(1);

        await tab.Page.EvaluateAsync("() => window.dispatchEvent(new Event('online'))");
        var second = await room.NextConnectionAsync();
        Assert.EndsWith("/ws?name=alice&since=4&epoch=E1", second.Url, StringComparison.Ordinal);
        second.Send("""
            {"type":"welcome","you":"alice","online":3,"members":["alice","bob2","dave"],"history":[
              {"type":"leave","id":5,"name":"carol","online":2,"ts":"2026-12-01T10:03:00.000Z"},
              {"type":"message","id":6,"from":"alice","text":"unacked","ts":"2026-12-01T10:03:01.000Z"},
              {"type":"rename","id":7,"from":"bob","to":"bob2","ts":"2026-12-01T10:04:00.000Z"},
              {"type":"message","id":8,"from":"bob2","text":"missed line","ts":"2026-12-01T10:05:00.000Z"},
              {"type":"join","id":9,"name":"dave","online":3,"ts":"2026-12-01T10:06:00.000Z"}],
             "maxMessageBytes":4096,"epoch":"E1","last":10,"resumed":true,"missed":5}
            """);
        await tab.ExpectOnlineAsync();
        string[] expected =
        [
            "bob: hello", "bob: three", "— carol joined · 3 online", "— Connection lost. Reconnecting…",
            "— carol left · 2 online", "alice: unacked", "— bob is now bob2", "bob2: missed line", "— dave joined · 3 online",
            "— Reconnected.",
        ];
        await Expect(tab.Page.Locator("#messages > li")).ToHaveCountAsync(expected.Length);
        Assert.Equal(expected, await tab.TranscriptAsync());
        await Expect(tab.Page.Locator("#messages > li.failed")).ToHaveCountAsync(0);
        await Expect(tab.Members).ToHaveTextAsync(["alice", "bob2", "dave"]);
        await Expect(tab.OnlineCount).ToHaveTextAsync("3");

        // Live events carry on from `last`, and the next resume starts after the newest one seen.
        second.Send("""{"type":"message","id":11,"from":"dave","text":"live again","ts":"2026-12-01T10:07:00.000Z"}""");
        await tab.ExpectConfirmedAsync("bob: hello", "bob: three", "alice: unacked", "bob2: missed line", "dave: live again");
        await second.CloseAsync();
        await tab.Page.EvaluateAsync("() => window.dispatchEvent(new Event('online'))");
        var third = await room.NextConnectionAsync();
        Assert.EndsWith("&since=11&epoch=E1", third.Url, StringComparison.Ordinal);
        Assert.Empty(await tab.ProblemsAsync());
    }

    [Fact]
    public async Task A_welcome_that_does_not_resume_redraws_the_room_from_it()
    {
        await using var server = ChatServer.OnKestrel();
        var room = new ScriptedRoom();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, name: null, prepare: room.InstallAsync);
        await tab.Page.EvaluateAsync("() => { localStorage.setItem('chatroom.name', 'alice'); location.reload(); }");
        var first = await room.NextConnectionAsync();
        first.Send(FirstWelcome);
        await tab.ExpectConfirmedAsync("bob: hello");
        await first.CloseAsync();

        await tab.Page.EvaluateAsync("() => window.dispatchEvent(new Event('online'))");
        var second = await room.NextConnectionAsync();
        Assert.EndsWith("&since=2&epoch=E1", second.Url, StringComparison.Ordinal);
        // A restarted server: another epoch, ids from 1 again, and an id that the page already had.
        second.Send("""
            {"type":"welcome","you":"alice","online":2,"members":["alice","zed"],"history":[
              {"type":"message","id":1,"from":"zed","text":"a new world","ts":"2026-12-01T11:00:00.000Z"}],
             "maxMessageBytes":4096,"epoch":"E2","last":2,"resumed":false}
            """);
        await tab.ExpectOnlineAsync();
        string[] expected = ["zed: a new world", "— Reconnected. The room started afresh."];
        await Expect(tab.Page.Locator("#messages > li")).ToHaveCountAsync(expected.Length);
        Assert.Equal(expected, await tab.TranscriptAsync());
        await Expect(tab.Members).ToHaveTextAsync(["alice", "zed"]);

        await second.CloseAsync();
        await tab.Page.EvaluateAsync("() => window.dispatchEvent(new Event('online'))");
        var third = await room.NextConnectionAsync();
        Assert.EndsWith("&since=2&epoch=E2", third.Url, StringComparison.Ordinal);
        Assert.Empty(await tab.ProblemsAsync());
    }
}
