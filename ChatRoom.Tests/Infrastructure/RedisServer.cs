using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> of this test's own, on a free loopback port with its data in a temp
/// folder, and the faults the backplane must survive: killed, restarted with or without its data,
/// paused, asleep, its subscribers dropped. Without redis-server installed, <see cref="StartAsync"/>
/// skips the test (<see cref="RedisInstallation"/>).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    // A guard against hangs, not a speed assertion: the longest a start or a command may take.
    internal static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    // The longest DEBUG SLEEP the admin connection waits out (its async timeout is above it).
    internal static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(20);

    private readonly string _root;
    private readonly bool _appendOnly;
    private readonly int? _busPort;
    private readonly ConcurrentQueue<string> _log = new();
    private RedisProcess? _process;
    private RedisAdmin? _admin;
    private int _generation;

    private RedisServer(string root, int port, bool appendOnly, int? busPort)
    {
        _root = root;
        Port = port;
        _appendOnly = appendOnly;
        _busPort = busPort;
    }

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
        RedisInstallation.SkipUnlessInstalled();
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
        if (_process is { } process)
        {
            await process.KillAsync(cancellationToken);
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
            await Admin().ShutdownSaveAsync(_process!, cancellationToken);
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
        var (start, _) = await Admin().TimedAsync("CLIENT", ["PAUSE", milliseconds, "ALL"], cancellationToken);
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
        var (start, end) = await Admin().TimedAsync("DEBUG", ["SLEEP", seconds.ToString(CultureInfo.InvariantCulture)], cancellationToken);
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

    private async Task<RedisResult> RunAsync(string command, object[] arguments, CancellationToken cancellationToken) =>
        await Admin().RunAsync(command, arguments, cancellationToken);

    private RedisProcess RunningProcess() =>
        _process ?? throw new InvalidOperationException($"redis-server on port {Port} is not running");

    private RedisAdmin Admin() =>
        _admin ?? throw new InvalidOperationException($"redis-server on port {Port} is not running (killed, or a restart failed)");

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDirectory);
        _process = RedisProcess.Start(
            Port, DataDirectory, _appendOnly, _busPort is { } busPort ? (busPort, Path.Combine(_root, "nodes.conf")) : null, _log);
        await _process.WaitUntilReadyAsync(cancellationToken);
        _admin = await RedisAdmin.ConnectAsync(EndPoint, clusterNode: _busPort is not null, cancellationToken);
    }

    private async Task DisconnectAdminAsync()
    {
        if (_admin is { } admin)
        {
            _admin = null;
            await admin.DisposeAsync();
        }
    }

    private async Task StopProcessAsync()
    {
        await DisconnectAdminAsync();
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }
}
