using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Playwright;

namespace ChatRoom.Tests.Browser;

/// <summary>
/// The page's WebSocket answered by the test instead of a server: the test plays the room frame
/// by frame, so the page can be held to the wire contract exactly, whatever the server does. The
/// page's room API requests (<c>/api/rooms…</c>) get what the test set with <see cref="Answer"/>,
/// else 404 with a plain-text reason, as the server words a refusal.
/// </summary>
public sealed partial class ScriptedRoom
{
    // A guard against hangs, not a speed assertion.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly Channel<IWebSocketRoute> _connections = Channel.CreateUnbounded<IWebSocketRoute>();
    private readonly ConcurrentDictionary<string, string> _answers = new(StringComparer.Ordinal);

    /// <summary>Routes the page's sockets and room API here; call before the page opens (see <see cref="ChatTab.OpenAsync"/>).</summary>
    public async Task InstallAsync(IPage page)
    {
        await page.RouteWebSocketAsync(SocketPath(), route => _connections.Writer.TryWrite(route));
        await page.RouteAsync(ApiPath(), route =>
        {
            var path = new Uri(route.Request.Url).AbsolutePath;
            return _answers.TryGetValue(path, out var json)
                ? route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = json })
                : route.FulfillAsync(new() { Status = 404, ContentType = "text/plain", Body = $"no such room: {path[(path.LastIndexOf('/') + 1)..]}\n" });
        });
    }

    /// <summary>What GET <paramref name="path"/> answers from now on (200, JSON).</summary>
    public void Answer(string path, string json) => _answers[path] = json;

    /// <summary>The page's next connection, open on the page's side.</summary>
    public async Task<IWebSocketRoute> NextConnectionAsync() =>
        await _connections.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(HangGuard);

    [GeneratedRegex(@"/ws(\?|$)")]
    private static partial Regex SocketPath();

    [GeneratedRegex(@"/api/rooms(/|$|\?)")]
    private static partial Regex ApiPath();
}
