using System.Globalization;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Client;

/// <summary>
/// Programs in real terminals: a private tmux server with one window per program; a test types
/// with send-keys and reads the screen with capture-pane, waiting until the screen shows a text.
/// </summary>
public sealed class TmuxScreen : IAsyncDisposable
{
    private const string ExitMark = "[exited ";

    private readonly string _server = "chatroom-test-" + Guid.NewGuid().ToString("N")[..12];
    private bool _started;

    /// <summary>Starts <paramref name="command"/> (a shell line) in a 120×40 window named <paramref name="window"/>.</summary>
    public async Task StartAsync(string window, string command)
    {
        // The shell reports the exit status itself: the tmux server, forked from the test process,
        // may inherit a blocked SIGCHLD and then never reap the program. A caught SIGINT (Ctrl+C is
        // for the program) lets the shell go on to the report; exec resets it for the program.
        command = $"trap : INT; {command}; echo \"{ExitMark}$?]\"";
        if (!_started)
        {
            // In one command queue, so the option is set before the program could end: a finished
            // program's screen stays for the test to read.
            await TmuxAsync("new-session", "-d", "-s", "test", "-n", window, "-x", "120", "-y", "40", command, ";", "set-option", "-g", "remain-on-exit", "on");
            _started = true;
            return;
        }

        await TmuxAsync("new-window", "-d", "-t", "test", "-n", window, command);
    }

    /// <summary>Types <paramref name="text"/> literally, then Enter.</summary>
    public async Task TypeLineAsync(string window, string text)
    {
        await TmuxAsync("send-keys", "-t", Target(window), "-l", text);
        await TmuxAsync("send-keys", "-t", Target(window), "Enter");
    }

    /// <summary>Presses a key by tmux's name for it, e.g. <c>C-c</c>.</summary>
    public Task PressAsync(string window, string key) => TmuxAsync("send-keys", "-t", Target(window), key);

    public Task<string> CaptureAsync(string window) => TmuxAsync("capture-pane", "-p", "-J", "-t", Target(window));

    /// <summary>The window's title, as the program last set it (OSC 2).</summary>
    public async Task<string> TitleAsync(string window) =>
        (await TmuxAsync("display-message", "-p", "-t", Target(window), "#{pane_title}")).TrimEnd('\n');

    /// <summary>The screen row by row as it shows: a line the terminal wrapped stays two rows.</summary>
    public async Task<string[]> CaptureRowsAsync(string window) =>
        (await TmuxAsync("capture-pane", "-p", "-t", Target(window))).Split('\n');

    /// <summary>Waits until the window shows <paramref name="text"/>; returns the screen.</summary>
    public async Task<string> WaitForAsync(string window, string text)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(RawSocket.HangGuard);
        var screen = "";
        try
        {
            while (!(screen = await CaptureAsync(window)).Contains(text, StringComparison.Ordinal))
            {
                // tmux has no way to wait for output: look again shortly.
                await Task.Delay(100, guard.Token);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the {window} window never showed \"{text}\"; it shows:\n{screen}");
        }

        return screen;
    }

    /// <summary>Waits until the window's program has exited; returns its exit status.</summary>
    public async Task<int> WaitForExitAsync(string window)
    {
        var screen = await WaitForAsync(window, ExitMark);
        var status = screen[(screen.LastIndexOf(ExitMark, StringComparison.Ordinal) + ExitMark.Length)..];
        return int.Parse(status[..status.IndexOf(']', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await ExternalTools.RunAsync("tmux", "-L", _server, "kill-server");
        }
    }

    private static string Target(string window) => $"test:{window}";

    private async Task<string> TmuxAsync(params string[] arguments)
    {
        var (exitCode, output) = await ExternalTools.RunAsync("tmux", ["-L", _server, .. arguments]);
        Assert.True(exitCode == 0, $"tmux {string.Join(' ', arguments)} failed ({exitCode}): {output}");
        return output;
    }
}
