using ChatRoom.Model;

namespace ChatRoom.Log.Redis;

/// <summary>
/// The room's log in Redis, shared by every instance: each event decided and appended by one
/// script (<see cref="RedisAppender"/>), read in position order with gaps filled from the stream
/// (<see cref="RedisLogFeed"/>), loaded by one consistent snapshot (<see cref="RedisSnapshotLoader"/>).
/// docs/redis.md describes the keys, the scripts and what each failure does.
/// </summary>
internal sealed class RedisRoomLog(RedisConnection connection, RedisSnapshotLoader loader, RedisLogFeed feed,
    RedisAppender appender) : IRoomLog
{
    public bool IsAvailable => connection.IsAvailable;

    public Task<RoomSnapshot> LoadAsync(CancellationToken cancellationToken) => loader.LoadAsync(cancellationToken);

    public IAsyncEnumerable<LogEntry> ReadAsync(long afterPosition, CancellationToken cancellationToken) =>
        feed.ReadAsync(afterPosition, cancellationToken);

    public ValueTask<AppendResult> AppendAsync(RoomCommand command, CancellationToken cancellationToken) =>
        appender.AppendAsync(command, cancellationToken);
}
