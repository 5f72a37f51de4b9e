using Microsoft.Extensions.Options;

namespace ChatRoom.Log.Redis;

/// <summary>
/// Cut off from Redis: no connection to any node, no heartbeat answered yet, or this instance's
/// own heartbeat failing for longer than <see cref="RedisOptions.InstanceTimeout"/> (by then the
/// others may declare it dead). A Cluster master down that holds some rooms, even the default one, cuts off only those
/// rooms: the instance stays ready for the rest.
/// </summary>
internal sealed class RedisReach(RedisConnection connection, IOptions<RedisOptions> options, TimeProvider time)
    : ILogReach
{
    public const string Reason = "chat unavailable: cut off from Redis";

    // Failing since ever, until the first beat answers: an instance started without Redis is unready.
    private long _failingSince = long.MinValue / 2;

    public string? CutOff =>
        !connection.IsConnected
        || time.GetTimestamp() - Interlocked.Read(ref _failingSince) >= Ticks(options.Value.InstanceTimeout)
            ? Reason
            : null;

    /// <summary>A beat answered.</summary>
    public void Answered() => Interlocked.Exchange(ref _failingSince, long.MaxValue);

    /// <summary>A beat failed: the instance is cut off once beats have failed for a whole timeout.</summary>
    public void Failed() => Interlocked.CompareExchange(ref _failingSince, time.GetTimestamp(), long.MaxValue);

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
