using System.Net;
using StackExchange.Redis;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// <see cref="RedisServer"/>'s own connection to its redis-server: commands to that node, commands
/// timed on Redis's clock, and the shutdown that saves. One per process; a restart connects anew.
/// </summary>
internal sealed class RedisAdmin : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly IPEndPoint _endPoint;
    private readonly bool _clusterNode;

    private RedisAdmin(ConnectionMultiplexer connection, IPEndPoint endPoint, bool clusterNode)
    {
        _connection = connection;
        _endPoint = endPoint;
        _clusterNode = clusterNode;
    }

    public static async Task<RedisAdmin> ConnectAsync(IPEndPoint endPoint, bool clusterNode, CancellationToken cancellationToken)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { endPoint },
            ClientName = "chatroom-tests-admin",
            AllowAdmin = true,
            AbortOnConnectFail = true,
            // Commands fail at once when redis is gone, instead of waiting for it to come back.
            BacklogPolicy = BacklogPolicy.FailFast,
            AsyncTimeout = (int)(RedisServer.LongestSleep + RedisServer.HangGuard).TotalMilliseconds,
            // No subscription of its own: KillPubSubClientsAsync counts only the subjects' subscribers.
            ConfigurationChannel = "",
        };
        var connection = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(RedisServer.HangGuard, cancellationToken);
        return new RedisAdmin(connection, endPoint, clusterNode);
    }

    public async Task<RedisResult> RunAsync(string command, object[] arguments, CancellationToken cancellationToken) =>
        // This node by name: on a cluster the admin connection also finds the other nodes.
        await _connection.GetServer(_endPoint).ExecuteAsync(command, arguments).WaitAsync(RedisServer.HangGuard, cancellationToken);

    /// <summary>One command framed by TIME in a transaction: its start and end on Redis's clock.</summary>
    public async Task<(DateTimeOffset Start, DateTimeOffset End)> TimedAsync(string command, object[] arguments, CancellationToken cancellationToken)
    {
        // A keyless transaction on a cluster node's admin connection could run on another node.
        if (_clusterNode)
        {
            throw new NotSupportedException($"{command} is timed on a single redis-server only, not on a cluster node");
        }

        var transaction = _connection.GetDatabase().CreateTransaction();
        var before = transaction.ExecuteAsync("TIME");
        var result = transaction.ExecuteAsync(command, arguments);
        var after = transaction.ExecuteAsync("TIME");
        await transaction.ExecuteAsync().WaitAsync(RedisServer.LongestSleep + RedisServer.HangGuard, cancellationToken);
        await result;
        return (RedisServer.ParseTime(await before), RedisServer.ParseTime(await after));
    }

    /// <summary><c>SHUTDOWN SAVE</c>, returning once <paramref name="process"/> has exited.</summary>
    public async Task ShutdownSaveAsync(RedisProcess process, CancellationToken cancellationToken)
    {
        var shutdown = _connection.GetServer(_endPoint).ExecuteAsync("SHUTDOWN", "SAVE");
        var exited = process.WaitForExitAsync(cancellationToken);
        if (await Task.WhenAny(shutdown, exited).WaitAsync(RedisServer.HangGuard, cancellationToken) == shutdown)
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

        await exited.WaitAsync(RedisServer.HangGuard, cancellationToken);
        ObserveFailure(shutdown);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.CloseAsync(allowCommandsToComplete: false);
        await _connection.DisposeAsync();
    }

    // A command whose connection closed under it on purpose: its failure is expected, not unobserved.
    private static void ObserveFailure(Task task) =>
        _ = task.ContinueWith(static done => done.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
