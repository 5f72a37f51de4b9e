using System.Collections.Concurrent;

namespace ChatRoom.Log.Redis;

/// <summary>The rooms open on this instance, for its heartbeat to check each one.</summary>
internal sealed class OpenRedisRooms
{
    private readonly ConcurrentDictionary<RedisRoomLog, byte> _logs = new();

    public ICollection<RedisRoomLog> All => _logs.Keys;

    public void Add(RedisRoomLog log) => _logs.TryAdd(log, 0);

    public void Remove(RedisRoomLog log) => _logs.TryRemove(log, out _);
}
