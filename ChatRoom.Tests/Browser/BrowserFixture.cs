using Microsoft.Playwright;

namespace ChatRoom.Tests.Browser;

/// <summary>
/// One headless Chromium for all browser tests: Debian's package, never a downloaded one. Without
/// it the tests skip, unless CHATROOM_REQUIRE_BROWSER=1 (CI) makes a missing browser a failure.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string RequireVariable = "CHATROOM_REQUIRE_BROWSER";

    /// <summary>Debian's chromium; CHATROOM_CHROMIUM points elsewhere (another distribution's path).</summary>
    public static string ChromiumPath { get; } =
        Environment.GetEnvironmentVariable("CHATROOM_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    // Root in a container; and a closed network, where background services only add refused connections.
    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Where screenshots go: CHATROOM_ARTIFACTS, else artifacts/screenshots next to the test binaries.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("CHATROOM_ARTIFACTS") is { Length: > 0 } root ? root : Path.Combine(AppContext.BaseDirectory, "artifacts"),
        "screenshots");

    /// <summary>The browser, or a skip (a failure when required) naming the package to install.</summary>
    public IBrowser Browser
    {
        get
        {
            if (_browser is not null)
            {
                return _browser;
            }

            var reason = $"browser tests need Chromium at {ChromiumPath}: apt-get install -y chromium";
            if (IsRequired)
            {
                Assert.Fail($"{reason} ({RequireVariable}=1 makes this a failure)");
            }

            Assert.Skip(reason);
            return null!;
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        // Expectations wait for the page, not for a clock: this is the longest a step may hang on a busy machine.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = Arguments,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<BrowserFixture>
{
    // One browser, one test at a time: the machine is small and Chromium is not.
    public const string Name = "browser";
}
