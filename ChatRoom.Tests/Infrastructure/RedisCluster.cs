using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// A real Redis Cluster of this test's own: three masters, no replicas, each a
/// <see cref="RedisServer"/> node on free loopback ports, joined with <c>redis-cli --cluster create</c>.
/// A master can be stopped (<see cref="RedisServer.FreezeAsync"/>, <see cref="RedisServer.KillAsync"/>)
/// and brought back; the others keep serving their slots (full coverage is not required).
/// Skipped without redis-server and redis-cli, as <see cref="RedisServer"/> is.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    // A guard against hangs, not a speed assertion: how long the cluster may take to agree.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private RedisCluster(IReadOnlyList<RedisServer> masters) => Masters = masters;

    /// <summary>/usr/bin/redis-cli (Debian's redis-tools, which redis-server depends on).</summary>
    public static string CliPath { get; } =
        Environment.GetEnvironmentVariable("CHATROOM_REDIS_CLI") is { Length: > 0 } path ? path : "/usr/bin/redis-cli";

    public IReadOnlyList<RedisServer> Masters { get; }

    /// <summary>A StackExchange.Redis connection string naming every master, for <c>Redis:Configuration</c>.</summary>
    public string ConnectionString => string.Join(",", Masters.Select(master => master.ConnectionString));

    /// <summary>
    /// Starts three masters, joins them and returns once every node says <c>cluster_state:ok</c>.
    /// <paramref name="appendOnly"/>: a killed master comes back with every acknowledged write.
    /// </summary>
    public static async Task<RedisCluster> StartAsync(bool appendOnly = false, CancellationToken cancellationToken = default)
    {
        RedisInstallation.SkipUnlessInstalled();
        if (!File.Exists(CliPath))
        {
            var reason = $"Redis Cluster tests need redis-cli at {CliPath}: apt-get install -y redis-tools";
            if (RedisInstallation.IsRequired)
            {
                Assert.Fail($"{reason} ({RedisInstallation.RequireVariable}=1 makes this a failure)");
            }

            Assert.Skip(reason);
        }

        var masters = new List<RedisServer>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                masters.Add(await RedisServer.StartNodeAsync(appendOnly, cancellationToken));
            }

            await CreateAsync(masters, cancellationToken);
            var cluster = new RedisCluster(masters);
            await cluster.WaitUntilOkAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            foreach (var master in masters)
            {
                await master.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The master serving <paramref name="key"/>'s hash slot (<c>CLUSTER KEYSLOT</c>, <c>CLUSTER NODES</c>).</summary>
    public async Task<RedisServer> MasterOfAsync(string key)
    {
        var asked = Masters.First(master => master.IsRunning);
        var slot = (long)await asked.ExecuteAsync("CLUSTER", "KEYSLOT", key);
        var nodes = (string?)await asked.ExecuteAsync("CLUSTER", "NODES") ?? "";
        foreach (var line in nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // <id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot or range>...
            var fields = line.Split(' ');
            var port = int.Parse(fields[1].Split('@')[0].Split(':')[^1], CultureInfo.InvariantCulture);
            if (fields[2].Contains("master", StringComparison.Ordinal) && fields.Skip(8).Any(range => Covers(range, slot)))
            {
                return Masters.Single(master => master.Port == port);
            }
        }

        throw new InvalidOperationException($"no master serves slot {slot} ({key}):\n{nodes}");
    }

    /// <summary>Polls <c>CLUSTER INFO</c> on every running node until each says <c>cluster_state:ok</c>.</summary>
    public async Task WaitUntilOkAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var states = new List<string>();
            foreach (var master in Masters.Where(master => master.IsRunning))
            {
                // Split on any whitespace: the answer may come as RESP3 verbatim text, "txt:" first.
                var info = (string?)await master.ExecuteAsync("CLUSTER", "INFO") ?? "";
                var state = info.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
                    .FirstOrDefault(field => field.Contains("cluster_state:", StringComparison.Ordinal));
                states.Add($"{master.Port}: {state ?? info}");
            }

            if (states.All(state => state.EndsWith("cluster_state:ok", StringComparison.Ordinal)))
            {
                return;
            }

            if (clock.Elapsed > HangGuard)
            {
                throw new TimeoutException($"the cluster did not agree within {HangGuard}: {string.Join("; ", states)}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var master in Masters)
        {
            await master.DisposeAsync();
        }
    }

    private static bool Covers(string range, long slot)
    {
        if (range.StartsWith('['))
        {
            return false; // a slot being migrated or imported
        }

        var bounds = range.Split('-');
        var first = long.Parse(bounds[0], CultureInfo.InvariantCulture);
        var last = bounds.Length == 2 ? long.Parse(bounds[1], CultureInfo.InvariantCulture) : first;
        return first <= slot && slot <= last;
    }

    private static async Task CreateAsync(List<RedisServer> masters, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(CliPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--cluster");
        start.ArgumentList.Add("create");
        foreach (var master in masters)
        {
            start.ArgumentList.Add(master.ConnectionString);
        }

        foreach (var argument in new[] { "--cluster-replicas", "0", "--cluster-yes" })
        {
            start.ArgumentList.Add(argument);
        }

        using var cli = Process.Start(start)!;
        var output = cli.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = cli.StandardError.ReadToEndAsync(cancellationToken);
        await cli.WaitForExitAsync(cancellationToken).WaitAsync(HangGuard, cancellationToken);
        if (cli.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create exited {cli.ExitCode}:\n{await output}\n{await errors}");
        }
    }
}
