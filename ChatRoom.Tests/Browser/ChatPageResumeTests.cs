using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ChatRoom.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Tests.Browser;

/// <summary>The page after a drop: it resumes where it was, or starts over from a new epoch.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ChatPageResumeTests(BrowserFixture browser)
{
    [Fact]
    public async Task After_a_dropped_socket_the_page_shows_every_missed_event_once()
    {
        await using var server = ChatServer.OnKestrel(RoomAdmin.Settings());
        await using var observer = await server.JoinedAsync("observer", json: true);
        await using var bob = await server.JoinedAsync("bob");
        var socket = new SocketRoute();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice", prepare: socket.InstallAsync);
        await bob.SendAsync("before the drop");
        await tab.SendAsync("mine before");
        await tab.ExpectConfirmedAsync("bob: before the drop", "alice: mine before");
        string[] before = ["bob: before the drop", "alice: mine before"];
        Assert.Equal(before, await tab.TranscriptAsync());

        // The page is cut off and held off; the room carries on without it, in every kind of event.
        await socket.DropAsync();
        await Expect(tab.Status).Not.ToHaveAttributeAsync("data-state", "online");
        var missed = new List<JsonElement> { await ReceiveUntilAsync(observer, e => IsEvent(e, "leave", "alice")) };
        await using (var carol = await server.JoinedAsync("carol"))
        {
            await carol.SendAsync("carol was here");
            await bob.SendAsync("/me waves");
            await bob.SendAsync("/nick bobby");
            // Leavers close with the handshake, not by disposing: a disposed socket with frames
            // unread (carol's) is reset, and the server drops what it had not read by then, its
            // last message with the close frame (1 run in 30 under load). The server answers the
            // close only after every frame sent before it.
            await using (var dave = await server.JoinedAsync("dave"))
            {
                await dave.SendAsync("dave passes by");
                await dave.CloseAsync();
            }

            await RoomAdmin.PostNoticeAsync(server, "tea in five");
            await carol.SendAsync("carol stays");
            await carol.CloseAsync();
        }

        // Sockets race each other: the room's order is what the observer got.
        missed.AddRange(await ReceiveEventsAsync(
            observer,
            e => IsText(e, "carol was here"),
            e => IsText(e, "waves"),
            e => IsEvent(e, "rename"),
            e => IsText(e, "dave passes by"),
            e => IsEvent(e, "leave", "dave"),
            e => IsEvent(e, "notice"),
            e => IsText(e, "carol stays"),
            e => IsEvent(e, "leave", "carol")));
        socket.Admit();
        await tab.Page.EvaluateAsync("() => window.dispatchEvent(new Event('online'))"); // "retry now", without the backoff's wait
        await tab.ExpectReconnectedAsync();

        var resumedWith = socket.Urls[^1];
        Assert.Contains("since=", resumedWith, StringComparison.Ordinal);
        Assert.Contains("epoch=", resumedWith, StringComparison.Ordinal);
        string[] expected = [.. before, "— Connection lost. Reconnecting…", .. missed.Select(Line), "— Reconnected."];
        await Expect(tab.Page.Locator("#messages > li")).ToHaveCountAsync(expected.Length);
        Assert.Equal(expected, await tab.TranscriptAsync());
        await Expect(tab.Members).ToHaveTextAsync(["alice", "bobby", "observer"]);
        await Expect(tab.OnlineCount).ToHaveTextAsync("3");
        await Expect(tab.Page.Locator("#me-name")).ToHaveTextAsync("alice");

        // And live from there, with nothing in between repeated.
        await bob.SendAsync("after the resume");
        await Expect(tab.Confirmed).ToHaveCountAsync(7);
        Assert.Equal(expected.Append("bobby: after the resume"), await tab.TranscriptAsync());
        Assert.Empty(await tab.ProblemsAsync());
    }

    [Fact]
    public async Task After_a_server_restart_the_page_redraws_from_the_new_epoch()
    {
        var port = FreePort.Find();
        await using var first = ChatServer.OnKestrel(port: port);
        var socket = new SocketRoute();
        await using var tab = await ChatTab.OpenAsync(browser, first.BaseAddress, "alice", prepare: socket.InstallAsync);
        await using (var bob = await first.JoinedAsync("bob"))
        {
            await bob.SendAsync("before the restart");
            await tab.ExpectConfirmedAsync("bob: before the restart");
        }

        await tab.SendAsync("mine before");
        await tab.ExpectConfirmedAsync("bob: before the restart", "alice: mine before");

        await first.DisposeAsync();
        await Expect(tab.Status).Not.ToHaveAttributeAsync("data-state", "online");
        await Expect(tab.Page.Locator("#messages > li.notice")).ToContainTextAsync("server is shutting down");
        await tab.ScreenshotAsync("desktop-reconnecting");

        // The new process has a new epoch and counts ids from 1 again: nothing of the old one may stay.
        await using var second = ChatServer.OnKestrel(port: port);
        await tab.ExpectReconnectedAsync();
        Assert.Contains("epoch=", socket.Urls[^1], StringComparison.Ordinal);
        string[] fresh = ["— Reconnected. The room started afresh."];
        Assert.Equal(fresh, await tab.TranscriptAsync());
        await Expect(tab.Members).ToHaveTextAsync(["alice"]);

        await using var carol = await second.JoinedAsync("carol");
        await carol.SendAsync("after the restart");
        await tab.ExpectConfirmedAsync("carol: after the restart");
        await tab.SendAsync("mine after");
        await tab.ExpectConfirmedAsync("carol: after the restart", "alice: mine after");
        string[] expected = [.. fresh, "— carol joined · 2 online", "carol: after the restart", "alice: mine after"];
        Assert.Equal(expected, await tab.TranscriptAsync());
        await Expect(tab.Members).ToHaveTextAsync(["alice", "carol"]);
        Assert.Empty(await tab.ProblemsAsync(ChatTab.RefusedSocket()));
    }

    private static bool IsEvent(JsonElement frame, string type, string? name = null) =>
        frame.GetProperty("type").GetString() == type && (name is null || frame.GetProperty("name").GetString() == name);

    private static bool IsRoomEvent(JsonElement frame) =>
        frame.GetProperty("type").GetString() is "message" or "join" or "leave" or "rename" or "notice";

    private static async Task<JsonElement> ReceiveUntilAsync(TestMember member, Func<JsonElement, bool> match)
    {
        while (true)
        {
            var frame = await member.ReceiveJsonAsync();
            if (match(frame))
            {
                return frame;
            }
        }
    }

    private static bool IsText(JsonElement frame, string text) =>
        frame.GetProperty("type").GetString() == "message" && frame.GetProperty("text").GetString() == text;

    /// <summary>Room events, in the order the member got them, until each of <paramref name="wanted"/> matched one.</summary>
    private static async Task<List<JsonElement>> ReceiveEventsAsync(TestMember member, params Func<JsonElement, bool>[] wanted)
    {
        var events = new List<JsonElement>();
        var pending = wanted.ToList();
        while (pending.Count > 0)
        {
            var frame = await member.ReceiveJsonAsync();
            if (IsRoomEvent(frame))
            {
                events.Add(frame);
                pending.RemoveAll(match => match(frame));
            }
        }

        return events;
    }

    /// <summary>The line the page shows for a room event (as <see cref="ChatTab.TranscriptAsync"/> writes it).</summary>
    private static string Line(JsonElement e) => e.GetProperty("type").GetString() switch
    {
        "message" when e.TryGetProperty("action", out var action) && action.GetBoolean() => $"* {e.GetProperty("from")} {e.GetProperty("text")}",
        "message" => $"{e.GetProperty("from")}: {e.GetProperty("text")}",
        "join" => $"— {e.GetProperty("name")} joined · {e.GetProperty("online")} online",
        "leave" => $"— {e.GetProperty("name")} left · {e.GetProperty("online")} online",
        "rename" => $"— {e.GetProperty("from")} is now {e.GetProperty("to")}",
        "notice" => $"notice: {e.GetProperty("text")}",
        var other => throw new InvalidOperationException($"not a room event: {other}"),
    };
}
