using System.Diagnostics;
using ChatRoom.Names;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// The one connection to Redis, made on first use and never fatal: with AbortOnConnectFail off an
/// unreachable Redis is a log line and unavailability until it answers. Every room shares it (and
/// its subscriber); every script goes through <see cref="EvaluateAsync"/>, which times it and
/// counts its failures.
/// </summary>
internal sealed class RedisConnection(
    IOptions<RedisOptions> options,
    RoomInstance instance,
    RedisMetrics metrics,
    ILogger<RedisConnection> logger) : IAsyncDisposable
{
    // Well above a script's few milliseconds, well below a member's patience: a timed-out append
    // is retried (same key) until AppendBudget, so a two-second stall costs no message.
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;

    /// <summary>Connected to at least one Redis node (on a Cluster, a room's master may still be down).</summary>
    public bool IsConnected => _multiplexer is { IsConnected: true };

    /// <summary>Raised for the subscription's connection: failed (false) or restored (true).</summary>
    public event Action<bool>? SubscriptionChanged;

    public async Task<ConnectionMultiplexer> GetAsync(CancellationToken cancellationToken)
    {
        if (_multiplexer is { } ready)
        {
            return ready;
        }

        await _connecting.WaitAsync(cancellationToken);
        try
        {
            return _multiplexer ??= await ConnectAsync();
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <exception cref="RedisException">Redis did not answer in time, or refused.</exception>
    public async Task<RedisResult> EvaluateAsync(string name, string script, RedisKey[] keys,
        RedisValue[] arguments, CancellationToken cancellationToken)
    {
        var database = (await GetAsync(cancellationToken)).GetDatabase();
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Not abandoned on cancellation: the command ends within CommandTimeout anyway, and an
            // abandoned one would fault unobserved.
            var result = await database.ScriptEvaluateAsync(script, keys, arguments);
            metrics.RoundTrip(name, Stopwatch.GetElapsedTime(started));
            return result;
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            metrics.Error(name);
            RedisLog.CommandFailed(logger, name, exception.Message);
            // One type for callers: a timeout is a TimeoutException, not a RedisException.
            throw exception as RedisException
                ?? new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None,
                    exception.Message, exception, CommandStatus.Unknown);
        }
    }

    /// <summary>The command failed for want of Redis (no connection, or no answer in time: both come as
    /// <see cref="RedisConnectionException"/>), not by a script error.</summary>
    public static bool IsOutage(RedisException failure) => failure is RedisConnectionException;

    /// <summary>
    /// False only when the failed command was never written to Redis (no connection, so it failed
    /// at once): then it cannot run later either. A timeout is always "maybe": the command may be
    /// queued in Redis, behind a stall, and run when it ends.
    /// </summary>
    public static bool MaybeSent(RedisException failure) =>
        failure is not RedisConnectionException
        {
            CommandStatus: CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog,
        };

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is { } multiplexer)
        {
            await multiplexer.CloseAsync(allowCommandsToComplete: false);
            await multiplexer.DisposeAsync();
        }

        _connecting.Dispose();
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var configuration = ConfigurationOptions.Parse(options.Value.Configuration!);
        configuration.AbortOnConnectFail = false;
        // Fail at once while Redis is gone: the append's own retry decides, within its budget.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.AsyncTimeout = (int)CommandTimeout.TotalMilliseconds;
        configuration.ReconnectRetryPolicy = new ExponentialRetry(250, 2000);
        configuration.ConnectTimeout = 2000;
        configuration.ClientName ??= "chatroom-" + instance.Id;
        RedisLog.Connecting(logger, string.Join(",", configuration.EndPoints), options.Value.Room, instance.Id);
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        multiplexer.ConnectionFailed += (_, failed) =>
        {
            RedisLog.ConnectionFailed(logger, failed.ConnectionType.ToString(), failed.EndPoint?.ToString() ?? "?",
                failed.FailureType.ToString());
            if (failed.ConnectionType == ConnectionType.Subscription)
            {
                SubscriptionChanged?.Invoke(false);
            }
        };
        multiplexer.ConnectionRestored += (_, restored) =>
        {
            RedisLog.ConnectionRestored(logger, restored.ConnectionType.ToString(),
                restored.EndPoint?.ToString() ?? "?");
            if (restored.ConnectionType == ConnectionType.Subscription)
            {
                SubscriptionChanged?.Invoke(true);
            }
        };
        return multiplexer;
    }
}
