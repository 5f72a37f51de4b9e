using System.Globalization;
using System.Text.Json.Nodes;
using ChatRoom.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Tests.Browser;

/// <summary>The page in rooms too big to list in the DOM or to announce every join.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ChatPageLargeRoomTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_member_list_of_5000_names_renders_only_the_rows_in_view()
    {
        // The welcome is widened on its way to the page: 5,000 real sockets would measure the
        // machine, not the page.
        var others = Enumerable.Range(1, 4_999).Select(i => $"member{i:D4}").ToArray();
        var route = new SocketRoute { FromServer = frame => WithMembers(frame, others) };
        await using var server = ChatServer.OnKestrel();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice", prepare: route.InstallAsync);
        await Expect(tab.OnlineCount).ToHaveTextAsync("5000");
        await Expect(tab.Members.First).ToHaveTextAsync("alice");
        await Expect(tab.Members.Nth(1)).ToHaveTextAsync("member0001");
        var rendered = await tab.Members.CountAsync();
        Assert.InRange(rendered, 10, 150);

        // Scrolled through in 25 steps, two frames each, as a person flicking down the list would.
        var steps = await tab.Page.Locator("#members").EvaluateAsync<double[]>(
            """
            async panel => {
              const times = [];
              for (let i = 1; i <= 25; i++) {
                const started = performance.now();
                panel.scrollTop = panel.scrollHeight * i / 25;
                await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
                times.push(performance.now() - started);
              }
              return times;
            }
            """);
        await Expect(tab.Page.Locator("#member-list > li").Last).ToHaveAttributeAsync("aria-posinset", "5000");
        await Expect(tab.Members.Last).ToHaveTextAsync("member4999");
        Assert.InRange(await tab.Members.CountAsync(), 10, 150);

        var filter = tab.Page.Locator("#member-filter");
        await Expect(filter).ToBeVisibleAsync();
        await tab.ScreenshotAsync("desktop-5000-members");
        await filter.FillAsync("member123");
        await Expect(tab.Members).ToHaveTextAsync(["member1230", "member1231", "member1232", "member1233", "member1234", "member1235", "member1236", "member1237", "member1238", "member1239"]);
        await filter.FillAsync("");
        await Expect(tab.Members.First).ToHaveTextAsync("alice");

        // A join in a room this size re-sorts the known names once.
        await using var bob = await server.JoinedAsync("bob");
        await Expect(tab.Page.Locator("#messages > li.system")).ToContainTextAsync("bob joined");
        await filter.FillAsync("bob");
        await Expect(tab.Members).ToHaveTextAsync(["bob"]);

        // Reported, not asserted: a timed assertion would fail on a busy machine, not on a slow page.
        var renders = await tab.Page.EvaluateAsync<double[]>("() => performance.getEntriesByName('chatroom:members').map(e => e.duration)");
        var log = TestContext.Current.TestOutputHelper;
        log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"5,000 members: first render {renders[0]:F1} ms; renders {renders.Length}, slowest {renders.Max():F1} ms"));
        log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scroll steps (two frames each): median {steps.Order().ElementAt(steps.Length / 2):F1} ms, slowest {steps.Max():F1} ms; {rendered} rows in the DOM"));
        Assert.Empty(await tab.ProblemsAsync());
    }

    [Fact]
    public async Task A_presence_frame_moves_the_count_and_the_list_keeps_what_it_knows()
    {
        var route = new SocketRoute();
        await using var server = ChatServer.OnKestrel();
        await using var bob = await server.JoinedAsync("bob");
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice", prepare: route.InstallAsync);
        await Expect(tab.Members).ToHaveTextAsync(["alice", "bob"]);

        route.SendToPage("""{"type":"presence","online":10234}""");
        await Expect(tab.OnlineCount).ToHaveTextAsync("10234");
        await Expect(tab.Page.Locator("#online-short")).ToHaveTextAsync("10234");
        await Expect(tab.Page.Locator("#members-more")).ToHaveTextAsync("and 10,232 more");
        await Expect(tab.Members).ToHaveTextAsync(["alice", "bob"]);
        await Expect(tab.Page.Locator("#messages > li")).ToHaveCountAsync(0);
        Assert.Empty(await tab.ProblemsAsync());
    }

    [Fact]
    public async Task Past_the_announced_size_joins_arrive_as_presence_counts()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?>
        {
            ["Chat:AnnounceJoinsUpTo"] = "2",
            ["Chat:PresenceInterval"] = "00:00:00.200",
        });
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, "alice");
        await using var bob = await server.JoinedAsync("bob");
        await Expect(tab.Members).ToHaveTextAsync(["alice", "bob"]);

        await using var carol = await server.JoinedAsync("carol");
        await using var dave = await server.JoinedAsync("dave");
        await Expect(tab.OnlineCount).ToHaveTextAsync("4");
        await Expect(tab.Page.Locator("#members-more")).ToHaveTextAsync("and 2 more");
        await Expect(tab.Members).ToHaveTextAsync(["alice", "bob"]);
        await Expect(tab.Page.Locator("#messages > li.system")).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("bob joined")]);

        // Messages and renames are always broadcast, whatever the size.
        await carol.SendAsync("/nick carol2");
        await carol.SendAsync("hello from the crowd");
        await tab.ExpectConfirmedAsync("carol2: hello from the crowd");
        await Expect(tab.Page.Locator("#messages > li.system").Last).ToContainTextAsync("carol is now carol2");
        Assert.Empty(await tab.ProblemsAsync());
    }

    private static string WithMembers(string frame, string[] names)
    {
        var node = JsonNode.Parse(frame)!.AsObject();
        if ((string?)node["type"] != "welcome")
        {
            return frame;
        }

        var members = node["members"]!.AsArray();
        foreach (var name in names)
        {
            members.Add(name);
        }

        node["online"] = members.Count;
        return node.ToJsonString();
    }
}
