using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> of this test's own, on a free loopback port with its data in a temp
/// folder, and the faults the backplane must survive: killed, restarted with or without its data,
/// paused, asleep, its subscribers dropped. Without redis-server installed, <see cref="StartAsync"/>
/// skips the test (a failure when <c>CHATROOM_REQUIRE_REDIS=1</c>, as CI sets it).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string RequireVariable = "CHATROOM_REQUIRE_REDIS";

    // A guard against hangs, not a speed assertion: the longest a start or a command may take.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    // The longest DEBUG SLEEP the admin connection waits out (its async timeout is above it).
    private static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(20);

    private readonly string _root;
    private readonly bool _appendOnly;
    private readonly int? _busPort;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;
    private ConnectionMultiplexer? _admin;
    private int _generation;

    private RedisServer(string root, int port, bool appendOnly, int? busPort)
    {
        _root = root;
        Port = port;
        _appendOnly = appendOnly;
        _busPort = busPort;
    }

    /// <summary>/usr/bin/redis-server (Debian's package); CHATROOM_REDIS_SERVER points elsewhere.</summary>
    public static string ServerPath { get; } =
        Environment.GetEnvironmentVariable("CHATROOM_REDIS_SERVER") is { Length: > 0 } path ? path : "/usr/bin/redis-server";

    public static bool IsInstalled => File.Exists(ServerPath);

    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>The loopback port; the same across restarts, so clients' connection strings stay valid.</summary>
    public int Port { get; }

    /// <summary>Where it listens, as CLUSTER NODES and the admin connection name it.</summary>
    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>A StackExchange.Redis connection string for the app, e.g. <c>Redis:Configuration</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Where this generation's data lives (a new folder after a restart without data).</summary>
    public string DataDirectory => Path.Combine(_root, "data-" + _generation.ToString(CultureInfo.InvariantCulture));

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Everything redis-server wrote, every generation: for a failing test's message.</summary>
    public IReadOnlyCollection<string> Log => _log;

    /// <summary>The answer to <c>TIME</c> (seconds, microseconds) as a point on Redis's clock.</summary>
    public static DateTimeOffset ParseTime(RedisResult time)
    {
        var parts = (RedisResult[])time!;
        var seconds = long.Parse((string)parts[0]!, CultureInfo.InvariantCulture);
        var microseconds = long.Parse((string)parts[1]!, CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(microseconds * 10);
    }

    /// <summary>Skips the test, or fails it when <see cref="IsRequired"/>, unless redis-server is installed.</summary>
    public static void SkipUnlessInstalled()
    {
        if (IsInstalled)
        {
            return;
        }

        var reason = $"Redis tests need redis-server at {ServerPath}: apt-get install -y redis-server";
        if (IsRequired)
        {
            Assert.Fail($"{reason} ({RequireVariable}=1 makes this a failure)");
        }

        Assert.Skip(reason);
    }

    /// <summary>
    /// Starts redis-server and returns once it answers. Without persistence (the default) only
    /// <see cref="RestartAsync"/> with <c>keepData: true</c> keeps data, by saving on the way down;
    /// <paramref name="appendOnly"/> also keeps every acknowledged write across <see cref="KillAsync"/>
    /// (append-only file, fsync on every write).
    /// </summary>
    public static Task<RedisServer> StartAsync(bool appendOnly = false, CancellationToken cancellationToken = default) =>
        StartAsync(appendOnly, cluster: false, cancellationToken);

    /// <summary>
    /// A node for <see cref="RedisCluster"/>: cluster-enabled, its cluster bus on a free port of its
    /// own (the default, port + 10000, may be taken or out of range), and its node configuration
    /// outside the data folders, so a restart without data is the same node with the same slots.
    /// </summary>
    public static Task<RedisServer> StartNodeAsync(bool appendOnly = false, CancellationToken cancellationToken = default) =>
        StartAsync(appendOnly, cluster: true, cancellationToken);

    private static async Task<RedisServer> StartAsync(bool appendOnly, bool cluster, CancellationToken cancellationToken)
    {
        SkipUnlessInstalled();
        var root = Directory.CreateTempSubdirectory("chatroom-redis-").FullName;

        // The free port is free when we look, not necessarily when redis binds it: another process may
        // take it in between. Then redis exits saying so, and another port is tried.
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(root, FreePort.Find(), appendOnly, cluster ? FreePort.Find() : null);
            try
            {
                await server.LaunchAsync(cancellationToken);
                return server;
            }
            catch (RedisStartException) when (attempt < 5 && server._log.Any(line => line.Contains("Address already in use", StringComparison.Ordinal)))
            {
                await server.StopProcessAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>SIGKILL: no save, no goodbye; clients see their connections reset.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        // The process first: the admin connection closes faster on a dead socket than on a paused redis.
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync(cancellationToken).WaitAsync(HangGuard, cancellationToken);
        }

        await DisconnectAdminAsync();
    }

    /// <summary>
    /// Stops redis and starts it again on the same port. <paramref name="keepData"/>: a running server
    /// saves on the way down (<c>SHUTDOWN SAVE</c>) and the new one loads it, so keys and counters
    /// survive; a killed one comes back with what it had persisted (everything with append-only,
    /// nothing without). Otherwise it is killed and starts empty, in a fresh folder: a Redis that lost
    /// the room, with counters back at zero.
    /// </summary>
    public async Task RestartAsync(bool keepData, CancellationToken cancellationToken = default)
    {
        if (keepData && IsRunning)
        {
            var admin = Admin();
            var shutdown = admin.GetServer(EndPoint).ExecuteAsync("SHUTDOWN", "SAVE");
            var exited = _process!.WaitForExitAsync(cancellationToken);
            if (await Task.WhenAny(shutdown, exited).WaitAsync(HangGuard, cancellationToken) == shutdown)
            {
                try
                {
                    throw new InvalidOperationException($"SHUTDOWN SAVE answered {await shutdown} instead of exiting");
                }
                catch (RedisServerException refused)
                {
                    // Redis stays up when it cannot save (e.g. a full disk): say so, rather than hang.
                    throw new InvalidOperationException("SHUTDOWN SAVE refused: " + refused.Message, refused);
                }
                catch (RedisConnectionException)
                {
                    // The usual ending: the connection closes under the command as redis exits.
                }
            }

            await exited.WaitAsync(HangGuard, cancellationToken);
            ObserveFailure(shutdown);
        }
        else
        {
            await KillAsync(cancellationToken);
        }

        await StopProcessAsync();
        if (!keepData)
        {
            _generation++;
        }

        await LaunchAsync(cancellationToken);
    }

    /// <summary>
    /// <c>CLIENT PAUSE</c>: every client's commands (this fixture's too) wait for
    /// <paramref name="milliseconds"/>. Returns as the pause begins, with its window on Redis's clock.
    /// </summary>
    public async Task<RedisOutage> PauseAsync(int milliseconds, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(milliseconds);
        var (start, _) = await TimedAsync("CLIENT", ["PAUSE", milliseconds, "ALL"], cancellationToken);
        return new RedisOutage(start, start.AddMilliseconds(milliseconds));
    }

    /// <summary>
    /// <c>DEBUG SLEEP</c>: redis's one thread sleeps, so no client gets an answer. Completes when it
    /// wakes, with the window it slept on Redis's clock; start it without awaiting to act meanwhile.
    /// </summary>
    public async Task<RedisOutage> DebugSleepAsync(double seconds, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, LongestSleep.TotalSeconds);
        var (start, end) = await TimedAsync("DEBUG", ["SLEEP", seconds.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        return new RedisOutage(start, end);
    }

    /// <summary>
    /// <c>kill -STOP</c> of redis-server, as a paused VM or a swapped-out host: its sockets stay open
    /// and take commands into their buffers, nothing is answered. Returns once it is stopped.
    /// </summary>
    public Task FreezeAsync() => ServerProcess.FreezeAsync(RunningProcess().Id);

    /// <summary><c>kill -CONT</c>: a frozen redis-server carries on with what its clients sent meanwhile.</summary>
    public Task ThawAsync() => ServerProcess.SignalAsync(RunningProcess().Id, "CONT");

    /// <summary><c>CLIENT KILL TYPE pubsub</c>: drops every subscriber's connection; returns how many.</summary>
    public async Task<long> KillPubSubClientsAsync(CancellationToken cancellationToken = default) =>
        (long)await RunAsync("CLIENT", ["KILL", "TYPE", "pubsub"], cancellationToken);

    /// <summary>
    /// Any command, e.g. <c>ExecuteAsync("GET", "key")</c>, on this fixture's own admin connection;
    /// cancelled with the test.
    /// </summary>
    public Task<RedisResult> ExecuteAsync(string command, params object[] arguments) =>
        RunAsync(command, arguments, TestContext.Current.CancellationToken);

    /// <summary>
    /// <c>INFO commandstats</c> by command as Redis names it (<c>evalsha</c>, <c>client|kill</c>);
    /// this fixture's own commands (<c>info</c>, <c>config|resetstat</c>, …) are counted too.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, CommandStat>> CommandStatsAsync(CancellationToken cancellationToken = default)
    {
        var info = (string?)await RunAsync("INFO", ["commandstats"], cancellationToken) ?? "";
        return CommandStat.ParseInfo(info);
    }

    /// <summary><c>CONFIG RESETSTAT</c>: counts start again from zero, e.g. before a measured run.</summary>
    public async Task ResetStatsAsync(CancellationToken cancellationToken = default) =>
        await RunAsync("CONFIG", ["RESETSTAT"], cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await KillAsync(CancellationToken.None);
        await StopProcessAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }

    // A command whose connection closed under it on purpose: its failure is expected, not unobserved.
    private static void ObserveFailure(Task task) =>
        _ = task.ContinueWith(static done => done.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private async Task<RedisResult> RunAsync(string command, object[] arguments, CancellationToken cancellationToken)
    {
        var admin = Admin();
        // This node by name: on a cluster the admin connection also finds the other nodes.
        return await admin.GetServer(EndPoint).ExecuteAsync(command, arguments).WaitAsync(HangGuard, cancellationToken);
    }

    private Process RunningProcess() =>
        _process ?? throw new InvalidOperationException($"redis-server on port {Port} is not running");

    private ConnectionMultiplexer Admin() =>
        _admin ?? throw new InvalidOperationException($"redis-server on port {Port} is not running (killed, or a restart failed)");

    /// <summary>One command framed by TIME in a transaction: its start and end on Redis's clock.</summary>
    private async Task<(DateTimeOffset Start, DateTimeOffset End)> TimedAsync(string command, object[] arguments, CancellationToken cancellationToken)
    {
        // A keyless transaction on a cluster node's admin connection could run on another node.
        if (_busPort is not null)
        {
            throw new NotSupportedException($"{command} is timed on a single redis-server only, not on a cluster node");
        }

        var transaction = Admin().GetDatabase().CreateTransaction();
        var before = transaction.ExecuteAsync("TIME");
        var result = transaction.ExecuteAsync(command, arguments);
        var after = transaction.ExecuteAsync("TIME");
        await transaction.ExecuteAsync().WaitAsync(LongestSleep + HangGuard, cancellationToken);
        await result;
        return (ParseTime(await before), ParseTime(await after));
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDirectory);
        var start = new ProcessStartInfo(ServerPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", DataDirectory, "--save", "", "--daemonize", "no", "--logfile", "",
            // DEBUG SLEEP is off by default in Redis 7; loopback clients may use it.
            "--enable-debug-command", "local",
            "--appendonly", _appendOnly ? "yes" : "no", "--appendfsync", "always",
        ];
        if (_busPort is { } busPort)
        {
            arguments =
            [
                .. arguments, "--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(_root, "nodes.conf"),
                "--cluster-port", busPort.ToString(CultureInfo.InvariantCulture), "--cluster-require-full-coverage", "no",
            ];
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => Record(line.Data, ready);
        process.ErrorDataReceived += (_, line) => Record(line.Data, ready);
        process.Exited += (_, _) => ready.TrySetException(new RedisStartException(
            $"redis-server exited before it was ready:\n{string.Join('\n', _log)}"));
        _process = process;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Its own log line, not a polling loop: redis prints it once the port accepts connections
        // (and after it has loaded its data, so a restart's keys are there when this returns).
        await ready.Task.WaitAsync(HangGuard, cancellationToken);

        var options = new ConfigurationOptions
        {
            EndPoints = { new IPEndPoint(IPAddress.Loopback, Port) },
            ClientName = "chatroom-tests-admin",
            AllowAdmin = true,
            AbortOnConnectFail = true,
            // Commands fail at once when redis is gone, instead of waiting for it to come back.
            BacklogPolicy = BacklogPolicy.FailFast,
            AsyncTimeout = (int)(LongestSleep + HangGuard).TotalMilliseconds,
            // No subscription of its own: KillPubSubClientsAsync counts only the subjects' subscribers.
            ConfigurationChannel = "",
        };
        _admin = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(HangGuard, cancellationToken);
    }

    private void Record(string? line, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    private async Task DisconnectAdminAsync()
    {
        if (_admin is { } admin)
        {
            _admin = null;
            await admin.CloseAsync(allowCommandsToComplete: false);
            await admin.DisposeAsync();
        }
    }

    private async Task StopProcessAsync()
    {
        await DisconnectAdminAsync();
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(HangGuard);
            process.Dispose();
        }
    }


    private sealed class RedisStartException(string message) : Exception(message);
}

/// <summary>When Redis answered no one, on its own clock (compare with its TIME, not the test's clock).</summary>
public sealed record RedisOutage(DateTimeOffset Start, DateTimeOffset End);

/// <summary>One line of <c>INFO commandstats</c>.</summary>
public sealed record CommandStat(long Calls, long Microseconds, long RejectedCalls, long FailedCalls)
{
    /// <summary>Parses lines like <c>cmdstat_evalsha:calls=3,usec=120,usec_per_call=40.00,rejected_calls=0,failed_calls=0</c>.</summary>
    public static IReadOnlyDictionary<string, CommandStat> ParseInfo(string info)
    {
        const string Prefix = "cmdstat_";
        var stats = new Dictionary<string, CommandStat>(StringComparer.Ordinal);
        foreach (var rawLine in info.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (!line.StartsWith(Prefix, StringComparison.Ordinal) || colon < 0)
            {
                continue;
            }

            var fields = line[(colon + 1)..].Split(',')
                .Select(field => field.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
            stats[line[Prefix.Length..colon]] = new CommandStat(
                Field(fields, "calls"), Field(fields, "usec"), Field(fields, "rejected_calls"), Field(fields, "failed_calls"));
        }

        return stats;
    }

    private static long Field(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) ? long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture) : 0;
}
