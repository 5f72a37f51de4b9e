using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ChatRoom.Tests.Browser;

/// <summary>
/// The page's WebSocket passed through Playwright, so a test can drop it as a network failure
/// would, hold the page's reconnects off while the room moves on, see the URL of every attempt,
/// and rewrite or add frames on their way to the page.
/// </summary>
public sealed partial class SocketRoute
{
    private readonly Lock _gate = new();
    private readonly List<string> _urls = [];
    private IWebSocketRoute? _page;
    private IWebSocketRoute? _server;
    private bool _refusing;

    /// <summary>Rewrites each frame from the server before the page gets it (null: passed as is).</summary>
    public Func<string, string>? FromServer { get; init; }

    /// <summary>The URL of every connection the page opened, in order.</summary>
    public IReadOnlyList<string> Urls
    {
        get
        {
            lock (_gate)
            {
                return [.. _urls];
            }
        }
    }

    /// <summary>Routes the page's sockets; call before the page opens (see <see cref="ChatTab.OpenAsync"/>).</summary>
    public Task InstallAsync(IPage page) => page.RouteWebSocketAsync(SocketPath(), Route);

    /// <summary>
    /// Cuts the current connection at both ends, and refuses the page's reconnects until
    /// <see cref="Admit"/>: the test decides what the room does meanwhile.
    /// </summary>
    public async Task DropAsync()
    {
        IWebSocketRoute? page;
        IWebSocketRoute? server;
        lock (_gate)
        {
            _refusing = true;
            (page, server) = (_page, _server);
            (_page, _server) = (null, null);
        }

        if (server is not null)
        {
            await server.CloseAsync();
        }

        if (page is not null)
        {
            await page.CloseAsync();
        }
    }

    /// <summary>Lets the page's next attempt through to the server.</summary>
    public void Admit()
    {
        lock (_gate)
        {
            _refusing = false;
        }
    }

    /// <summary>A frame to the page as if the server had sent it.</summary>
    public void SendToPage(string frame)
    {
        lock (_gate)
        {
            (_page ?? throw new InvalidOperationException("the page is not connected")).Send(frame);
        }
    }

    private void Route(IWebSocketRoute page)
    {
        lock (_gate)
        {
            _urls.Add(page.Url);
            if (_refusing)
            {
                // Never connected to the server: the page sees its socket open and close at once.
                _ = page.CloseAsync(new() { Code = 1011, Reason = "held off by the test" });
                return;
            }

            var server = page.ConnectToServer();
            if (FromServer is { } rewrite)
            {
                server.OnMessage(frame => page.Send(rewrite(frame.Text ?? "")));
            }

            (_page, _server) = (page, server);
        }
    }

    [GeneratedRegex(@"/ws(\?|$)")]
    private static partial Regex SocketPath();
}
