using ChatRoom.Model;
using ChatRoom.Names;
using Microsoft.Extensions.Options;

namespace ChatRoom.Log.Redis;

/// <summary>
/// Opens one room's Redis log: the room's keys, scripts and subscription of its own, on the one
/// connection, heartbeat and leave retrier the instance's rooms share.
/// </summary>
internal sealed class RedisRoomLogs(
    RedisConnection connection,
    PendingAppends pending,
    PendingLeaves leaves,
    RoomInstance instance,
    InstanceBeat beat,
    OpenRedisRooms open,
    RedisRoomRegistry registry,
    RedisRoomRules expiry,
    RedisMetrics metrics,
    IOptions<RedisOptions> redisOptions,
    IOptions<ChatOptions> chatOptions,
    TimeProvider time,
    ILoggerFactory loggers)
{
    public RedisRoomLog Open(RoomName room)
    {
        var chat = chatOptions.Value;
        var keys = new RedisKeys(redisOptions.Value.Room, room.Value);
        var scripts = new RoomScripts(connection, keys);
        var loaded = new LoadedRoom();
        var arguments = new AppendArguments(keys, loaded, expiry, chat);
        var roomLeaves = new RoomLeaves(leaves, scripts, arguments);
        var feed = new RedisLogFeed(connection, scripts, loaded, pending, roomLeaves, instance, metrics, time,
            loggers.CreateLogger<RedisLogFeed>());
        var appender = new RedisAppender(scripts, arguments, pending, roomLeaves,
            new AppendSettler(scripts, metrics, time), feed, metrics, time);
        var opening = open.NextOpening();
        var loader = new RedisSnapshotLoader(scripts, feed, loaded, beat, expiry, chat, opening);
        var log = new RedisRoomLog(scripts, loaded, loader, feed, appender, registry, open, opening);
        open.Add(log);
        return log;
    }
}
