using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Playwright;

namespace ChatRoom.Tests.Browser;

/// <summary>
/// The page's WebSocket answered by the test instead of a server: the test plays the room frame
/// by frame, so the page can be held to the wire contract exactly, whatever the server does.
/// </summary>
public sealed partial class ScriptedRoom
{
    // A guard against hangs, not a speed assertion.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly Channel<IWebSocketRoute> _connections = Channel.CreateUnbounded<IWebSocketRoute>();

    /// <summary>Routes the page's sockets here; call before the page opens (see <see cref="ChatTab.OpenAsync"/>).</summary>
    public Task InstallAsync(IPage page) => page.RouteWebSocketAsync(SocketPath(), route => _connections.Writer.TryWrite(route));

    /// <summary>The page's next connection, open on the page's side.</summary>
    public async Task<IWebSocketRoute> NextConnectionAsync() =>
        await _connections.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(HangGuard);

    [GeneratedRegex(@"/ws(\?|$)")]
    private static partial Regex SocketPath();
}
