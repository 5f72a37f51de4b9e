using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatRoom.Tests.Browser;

/// <summary>
/// The chat page in its own browser context (its own localStorage), with everything that would
/// mean a broken page recorded: console errors, uncaught exceptions, CSP violations and dialogs.
/// </summary>
public sealed partial class ChatTab : IAsyncDisposable
{
    // Registered before any page script runs; CSP does not apply to scripts Playwright injects.
    private const string RecordViolations =
        "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));";

    // Every permission request and notification the page makes, so a test can tell that none
    // happened on load and what a notification said.
    private const string RecordNotifications = """
        window.__notifications = []; window.__permissionRequests = 0;
        if ('Notification' in window) {
          const Original = window.Notification;
          const request = Original.requestPermission.bind(Original);
          window.Notification = class extends Original {
            constructor(title, options) {
              super(title, options);
              window.__notifications.push({ title, body: options?.body ?? null, icon: options?.icon ?? null, image: options?.image ?? null });
            }
          };
          window.Notification.requestPermission = (...args) => { window.__permissionRequests += 1; return request(...args); };
        }
        """;

    private readonly IBrowserContext _context;
    private readonly List<string> _problems = [];
    private readonly Lock _gate = new();

    private ChatTab(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Record($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => Record($"page error: {error}");
        page.Dialog += (_, dialog) =>
        {
            Record($"dialog: {dialog.Type} {dialog.Message}");
            _ = dialog.DismissAsync();
        };
    }

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 375, Height = 740 };

    public IPage Page { get; }

    public ILocator Status => Page.Locator("#status");

    public ILocator Input => Page.Locator("#input");

    /// <summary>Chat messages and actions the room has confirmed (not our own still awaiting their ack).</summary>
    public ILocator Confirmed => Page.Locator("#messages > li:is(.msg, .action):not(.pending, .failed)");

    public ILocator Members => Page.Locator("#member-list > li .member-name");

    public ILocator OnlineCount => Page.Locator("#online-count");

    /// <summary>The room list's links, one per room, in the list's order.</summary>
    public ILocator Rooms => Page.Locator("#room-list a.room");

    public ILocator Room(string name) => Page.Locator($"#room-list a.room[data-room=\"{name}\"]");

    /// <summary>The room the page shows as current.</summary>
    public ILocator CurrentRoom => Page.Locator("#room-list a.room[aria-current=\"page\"]");

    /// <summary>
    /// Opens <c>/?room=ROOM&amp;name=NAME</c> (each part only when given) and, with a name, waits until the
    /// page is online.
    /// </summary>
    /// <param name="prepare">Runs on the page before it loads, e.g. <see cref="SocketRoute.InstallAsync"/>.</param>
    public static async Task<ChatTab> OpenAsync(
        BrowserFixture browser,
        Uri server,
        string? name,
        ViewportSize? viewport = null,
        ColorScheme colorScheme = ColorScheme.Light,
        Func<IPage, Task>? prepare = null,
        IEnumerable<string>? permissions = null,
        string? room = null)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? Desktop,
            ColorScheme = colorScheme,
            DeviceScaleFactor = 1,
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(30_000);
        if (permissions is not null)
        {
            await context.GrantPermissionsAsync(permissions, new() { Origin = server.GetLeftPart(UriPartial.Authority) });
        }

        await context.AddInitScriptAsync(RecordViolations);
        await context.AddInitScriptAsync(RecordNotifications);
        var page = await context.NewPageAsync();
        if (prepare is not null)
        {
            await prepare(page);
        }

        var tab = new ChatTab(context, page);
        string[] query =
        [
            .. room is null ? [] : new[] { "room=" + Uri.EscapeDataString(room) },
            .. name is null ? [] : new[] { "name=" + Uri.EscapeDataString(name) },
        ];
        var url = new Uri(server, query.Length == 0 ? "/" : "/?" + string.Join('&', query));
        await page.GotoAsync(url.ToString());
        if (name is not null)
        {
            await tab.ExpectOnlineAsync();
        }

        return tab;
    }

    public Task ExpectOnlineAsync() => Expect(Status).ToHaveAttributeAsync("data-state", "online");

    /// <summary>
    /// Online again after a drop: the backoff may have grown while the server was away (up to
    /// 8 s after four refusals), so this waits longer than a step normally may.
    /// </summary>
    public Task ExpectReconnectedAsync() =>
        Expect(Status).ToHaveAttributeAsync("data-state", "online", new() { Timeout = 60_000 });

    /// <summary>
    /// The tab as the page sees it when hidden or shown again: headless Chromium never hides a
    /// page by itself, so the page's view of visibility is overridden and the event dispatched.
    /// </summary>
    public Task SetHiddenAsync(bool hidden) => Page.EvaluateAsync(
        """
        hidden => {
          Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => hidden ? 'hidden' : 'visible' });
          Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
          document.dispatchEvent(new Event('visibilitychange'));
        }
        """,
        hidden);

    /// <summary>
    /// Every line in page order, one string each: "bob: hi" (message), "* bob waves" (action),
    /// "— carol joined · 2 online" (system), "notice: text", "info: text", "error: text".
    /// </summary>
    public Task<string[]> TranscriptAsync() => Page.Locator("#messages > li").EvaluateAllAsync<string[]>(
        """
        items => items.map(li => {
          const text = li.querySelector('.text')?.textContent ?? '';
          const author = li.querySelector('.author')?.textContent ?? '';
          if (li.matches('.msg')) return `${author}: ${text}`;
          if (li.matches('.action')) return `* ${author} ${text}`;
          if (li.matches('.system')) return `— ${text}`;
          if (li.matches('.notice, .info, .error')) return `${li.className.split(' ')[0]}: ${text}`;
          return `${li.className}: ${li.textContent}`;
        })
        """);

    /// <summary>Types like a person: the text, then Enter.</summary>
    public async Task SendAsync(string text)
    {
        await Input.FillAsync(text);
        await Input.PressAsync("Enter");
    }

    /// <summary>"author: text" for every confirmed message, in page order.</summary>
    public Task<string[]> ConfirmedLinesAsync() => Confirmed.EvaluateAllAsync<string[]>(
        "items => items.map(li => li.querySelector('.author').textContent + ': ' + li.querySelector('.text').textContent)");

    /// <summary>Waits until exactly these messages are confirmed, in this order.</summary>
    public Task ExpectConfirmedAsync(params string[] lines) =>
        Expect(Confirmed.Locator(".text")).ToHaveTextAsync(lines.Select(line => line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..]).ToArray());

    /// <summary>Console errors, page errors, CSP violations and dialogs seen so far, minus <paramref name="expected"/>.</summary>
    public async Task<IReadOnlyList<string>> ProblemsAsync(Regex? expected = null)
    {
        var violations = await Page.EvaluateAsync<string[]>("() => window.__csp");
        lock (_gate)
        {
            return _problems.Concat(violations.Select(v => $"CSP violation: {v}"))
                .Where(problem => expected is null || !expected.IsMatch(problem))
                .ToList();
        }
    }

    /// <summary>
    /// While the server is down, Chromium logs each refused WebSocket attempt as a console error;
    /// the page cannot prevent that, so reconnect tests allow exactly those.
    /// </summary>
    [GeneratedRegex(@"^console: WebSocket connection to 'ws://[^']+/ws\?name=[^']*' failed")]
    public static partial Regex RefusedSocket();

    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
        return path;
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    private void Record(string problem)
    {
        lock (_gate)
        {
            _problems.Add(problem);
        }
    }
}
