using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// One run of <c>redis-server</c> for <see cref="RedisServer"/>: started with the fixture's
/// settings, its output kept in the fixture's log, ready once it says so. A restart is a new one.
/// </summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RedisProcess(ProcessStartInfo start, ConcurrentQueue<string> log)
    {
        _log = log;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, line) => Record(line.Data);
        _process.ErrorDataReceived += (_, line) => Record(line.Data);
        _process.Exited += (_, _) => _ready.TrySetException(new RedisStartException(
            $"redis-server exited before it was ready:\n{string.Join('\n', _log)}"));
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts redis-server in the foreground; <paramref name="cluster"/> makes it a cluster node with
    /// its bus on that port and its node configuration in that file.
    /// </summary>
    public static RedisProcess Start(
        int port, string dataDirectory, bool appendOnly, (int BusPort, string ConfigFile)? cluster, ConcurrentQueue<string> log)
    {
        var start = new ProcessStartInfo(RedisInstallation.ServerPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", dataDirectory, "--save", "", "--daemonize", "no", "--logfile", "",
            // DEBUG SLEEP is off by default in Redis 7; loopback clients may use it.
            "--enable-debug-command", "local",
            "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", "always",
        ];
        if (cluster is var (busPort, configFile))
        {
            arguments =
            [
                .. arguments, "--cluster-enabled", "yes", "--cluster-config-file", configFile,
                "--cluster-port", busPort.ToString(CultureInfo.InvariantCulture), "--cluster-require-full-coverage", "no",
            ];
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new RedisProcess(start, log);
        process._process.Start();
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Throws <see cref="RedisStartException"/> when redis-server exits before it is ready.</summary>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) =>
        // Its own log line, not a polling loop: redis prints it once the port accepts connections
        // (and after it has loaded its data, so a restart's keys are there when this returns).
        _ready.Task.WaitAsync(RedisServer.HangGuard, cancellationToken);

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public async Task KillAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(RedisServer.HangGuard, cancellationToken);
        }
    }

    /// <summary>Kills it if it still runs and lets go of it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(RedisServer.HangGuard);
        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}

internal sealed class RedisStartException(string message) : Exception(message);
