using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// One room's scripts, with the room's keys, on the shared connection; and whether the room's
/// Redis answers. On a Cluster each room lives on one master, so a master down makes only its own
/// rooms unavailable.
/// </summary>
internal sealed class RoomScripts(RedisConnection connection, RedisKeys keys)
{
    private volatile bool _failing;

    public RedisKeys Keys => keys;

    /// <summary>Connected, and the room's last command did not fail for want of Redis.</summary>
    public bool IsAvailable => connection.IsConnected && !_failing;

    /// <exception cref="RedisException">Redis did not answer in time, or refused.</exception>
    public async Task<RedisResult> EvaluateAsync(string name, string script, RedisValue[] arguments,
        CancellationToken cancellationToken)
    {
        try
        {
            var result = await connection.EvaluateAsync(name, script, keys.All, arguments, cancellationToken);
            _failing = false;
            return result;
        }
        catch (RedisException exception)
        {
            _failing = RedisConnection.IsOutage(exception);
            throw;
        }
    }
}
