using System.Collections.Concurrent;

namespace ChatRoom.Log.Redis;

/// <summary>The rooms open on this instance, for its heartbeat to check each one.</summary>
internal sealed class OpenRedisRooms
{
    private readonly ConcurrentDictionary<RedisRoomLog, byte> _logs = new();
    private long _openings;

    public ICollection<RedisRoomLog> All => _logs.Keys;

    /// <summary>
    /// A new number for a room opened here: the instance's list of rooms in Redis keeps it, so that
    /// forgetting one opening never unlists a later one of the same room.
    /// </summary>
    public long NextOpening() => Interlocked.Increment(ref _openings);

    public void Add(RedisRoomLog log) => _logs.TryAdd(log, 0);

    public void Remove(RedisRoomLog log) => _logs.TryRemove(log, out _);
}
