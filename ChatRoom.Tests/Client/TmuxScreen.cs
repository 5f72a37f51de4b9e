using System.Globalization;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Client;

/// <summary>
/// Programs in real terminals: a private tmux server with one window per program; a test types
/// with send-keys and reads the screen with capture-pane, waiting until the screen shows a text.
/// </summary>
public sealed class TmuxScreen : IAsyncDisposable
{
    private readonly string _server = "chatroom-test-" + Guid.NewGuid().ToString("N")[..12];
    private bool _started;

    /// <summary>Starts <paramref name="command"/> (a shell line) in a 120×40 window named <paramref name="window"/>.</summary>
    public async Task StartAsync(string window, string command)
    {
        if (!_started)
        {
            // In one command queue, so the option is set before the program could end: a finished
            // program's screen and exit status stay for the test to read.
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

    /// <summary>Waits until the window shows <paramref name="text"/>; returns the screen.</summary>
    public async Task<string> WaitForAsync(string window, string text)
    {
        var screen = "";
        await PollAsync(async () => (screen = await CaptureAsync(window)).Contains(text, StringComparison.Ordinal), () => Task.FromResult($"the {window} window never showed \"{text}\"; it shows:\n{screen}"));
        return screen;
    }

    /// <summary>Waits until the window's program has exited; returns its exit status.</summary>
    public async Task<int> WaitForExitAsync(string window)
    {
        var state = "";
        await PollAsync(
            async () => (state = await TmuxAsync("display-message", "-p", "-t", Target(window), "#{pane_dead} #{pane_dead_status}")).StartsWith('1'),
            async () => $"the program in the {window} window did not exit; it shows:\n{await CaptureAsync(window)}");
        return int.Parse(state.Split(' ')[1].Trim(), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await ExternalTools.RunAsync("tmux", "-L", _server, "kill-server");
        }
    }

    /// <summary>Checks every 100 ms until <paramref name="done"/>: tmux has no way to wait for output.</summary>
    private static async Task PollAsync(Func<Task<bool>> done, Func<Task<string>> failure)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(RawSocket.HangGuard);
        try
        {
            while (!await done())
            {
                await Task.Delay(100, guard.Token);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(await failure());
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
