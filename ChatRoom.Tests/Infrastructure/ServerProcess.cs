using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// The built server as its own process (<c>dotnet ChatRoom.Web.dll</c> from its bin folder), for
/// what only a real process shows: signals, the host's shutdown, the process exiting.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private int _streamsEnded;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <param name="arguments">Extra command-line configuration, e.g. <c>--Chat:ShutdownTimeout=00:00:03</c>.</param>
    public static Task<ServerProcess> StartAsync(params string[] arguments) => StartAsync(openFileLimit: null, arguments);

    /// <summary>Starts the server with <paramref name="environment"/> added to its environment (e.g. a HOME of the test's).</summary>
    public static Task<ServerProcess> StartWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Dotnet) { WorkingDirectory = WebBinFolder() };
        start.ArgumentList.Add("ChatRoom.Web.dll");
        return LaunchAsync(start, arguments, environment);
    }

    /// <summary>Starts the server from a shell that first sets <c>ulimit -n</c> (soft and hard) to <paramref name="openFileLimit"/>.</summary>
    public static Task<ServerProcess> StartAsync(int? openFileLimit, params string[] arguments)
    {
        var start = new ProcessStartInfo(openFileLimit is null ? Dotnet : "bash") { WorkingDirectory = WebBinFolder() };
        if (openFileLimit is { } limit)
        {
            // exec: the server is the shell's process, so its id and signals are the server's.
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"ulimit -n {limit} && exec \"$0\" \"$@\"");
            start.ArgumentList.Add(Dotnet);
        }

        start.ArgumentList.Add("ChatRoom.Web.dll");
        return LaunchAsync(start, arguments);
    }

    /// <summary>
    /// Starts the server as README.md does: <c>dotnet run --project ChatRoom.Web</c> from the
    /// repository's root, launch profile and all, with <c>--no-build</c> (the tests built it) and
    /// <c>--urls</c> on a free port instead of 8080. <see cref="Id"/> is then the <c>dotnet run</c>
    /// process, the server its child: for output and start-up, not for signals.
    /// </summary>
    public static Task<ServerProcess> DotnetRunAsync(params string[] arguments)
    {
        var (root, configuration, _) = BuildOutput();
        var start = new ProcessStartInfo(Dotnet) { WorkingDirectory = root };
        foreach (var argument in (string[])["run", "--project", "ChatRoom.Web", "--no-build", "-c", configuration])
        {
            start.ArgumentList.Add(argument);
        }

        return LaunchAsync(start, arguments);
    }

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private static async Task<ServerProcess> LaunchAsync(ProcessStartInfo start, string[] arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort.Find();
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test runner's environment would otherwise leak in (e.g. a Development environment).
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, line) => server.Record(line.Data, listening);
        process.ErrorDataReceived += (_, line) => server.Record(line.Data, listening);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("the server exited before listening:\n" + string.Join('\n', server.Output)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(RawSocket.HangGuard, TestContext.Current.CancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Waits for an output line that contains every one of <paramref name="parts"/>; returns it.</summary>
    public Task<string> WaitForOutputAsync(params string[] parts) =>
        WaitForOutputAsync(line => parts.All(part => line.Contains(part, StringComparison.Ordinal)));

    /// <summary>Sends SIGTERM, as <c>docker stop</c> and Kubernetes do.</summary>
    public Task TerminateAsync() => SignalAsync("TERM");

    private Task SignalAsync(string signal) => SignalAsync(_process.Id, signal);

    /// <summary><c>kill -SIGNAL</c> to any process of the test's: this server, or a redis-server.</summary>
    internal static async Task SignalAsync(int processId, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>
    /// The first line of output (stdout or stderr, earlier lines included) that matches: a log
    /// line as the event to wait for, e.g. an instance connected to Redis, or declared dead. Fails
    /// once the process has ended without printing one.
    /// </summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> match)
    {
        TaskCompletionSource<string> found;
        lock (_gate)
        {
            if (_output.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_streamsEnded == 2)
            {
                throw new InvalidOperationException("the server exited without such a line:\n" + string.Join('\n', _output));
            }

            found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, found));
        }

        return await found.Task.WaitAsync(RawSocket.HangGuard, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// SIGSTOP: the process stays, holding its sockets and its members, but runs nothing (no
    /// heartbeat, no answer), like a VM paused or a long GC; <see cref="ThawAsync"/> lets it go on.
    /// With Redis, an instance frozen past <c>Redis:InstanceTimeout</c> comes back declared dead.
    /// </summary>
    public Task FreezeAsync() => FreezeAsync(_process.Id);

    /// <summary>SIGSTOP to <paramref name="processId"/>; returns once every thread of it is stopped.</summary>
    internal static async Task FreezeAsync(int processId)
    {
        await SignalAsync(processId, "STOP");

        // kill returns once the signal is queued; the threads stop a moment later, and a request
        // sent in between could still be answered. The kernel shows each thread's state in /proc.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(RawSocket.HangGuard);
        while (!Directory.EnumerateDirectories($"/proc/{processId}/task").All(IsStopped))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), guard.Token);
        }
    }

    /// <summary>A thread stopped by a signal ('T'), or gone.</summary>
    private static bool IsStopped(string taskFolder)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(taskFolder, "stat"));
            return stat[stat.LastIndexOf(')') + 2] is 'T' or 't';
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>SIGCONT: a frozen process carries on where it stopped.</summary>
    public Task ThawAsync() => SignalAsync("CONT");

    /// <summary>
    /// SIGKILL, as <c>kill -9</c> or the OOM killer: no shutdown, no goodbyes; the kernel resets its
    /// sockets. Returns once the process is gone (its exit code is then 137).
    /// </summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            // Process.Kill() is SIGKILL on Unix; the server has no children to take along.
            _process.Kill();
        }

        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(RawSocket.HangGuard);
        await _process.WaitForExitAsync(guard.Token);
    }

    public async Task WaitForExitAsync(TimeSpan hangGuard)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(hangGuard);
        await _process.WaitForExitAsync(guard.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGKILL ends a frozen process too: no need to thaw it first.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void Record(string? line, TaskCompletionSource listening)
    {
        lock (_gate)
        {
            if (line is null)
            {
                // Both streams at their end: the process is gone and no waiter's line can come.
                if (++_streamsEnded == 2)
                {
                    foreach (var (_, found) in _waiters)
                    {
                        found.TrySetException(new InvalidOperationException("the server exited without such a line:\n" + string.Join('\n', _output)));
                    }

                    _waiters.Clear();
                }

                return;
            }

            _output.Enqueue(line);
            _waiters.RemoveAll(waiter => waiter.Match(line) && waiter.Found.TrySetResult(line));
        }

        if (line.Contains("Now listening on", StringComparison.Ordinal))
        {
            listening.TrySetResult();
        }
    }

    /// <summary>ChatRoom.Web's own output folder, built beside this test project in the same configuration.</summary>
    private static string WebBinFolder()
    {
        var (root, configuration, framework) = BuildOutput();
        var folder = Path.Combine(root, "ChatRoom.Web", "bin", configuration, framework);
        Assert.True(File.Exists(Path.Combine(folder, "ChatRoom.Web.dll")), $"ChatRoom.Web is not built at {folder}");
        return folder;
    }

    /// <summary>The repository's root and the configuration and framework this test project was built for.</summary>
    private static (string Root, string Configuration, string Framework) BuildOutput()
    {
        // AppContext.BaseDirectory is .../ChatRoom.Tests/bin/CONFIGURATION/TFM/.
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return (testBin.Parent!.Parent!.Parent!.Parent!.FullName, testBin.Parent.Name, testBin.Name);
    }
}
