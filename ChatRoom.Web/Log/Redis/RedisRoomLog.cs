using System.Runtime.CompilerServices;
using ChatRoom.Model;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// One room's log in Redis, shared by every instance: each event decided and appended by one
/// script (<see cref="RedisAppender"/>), read in position order with gaps filled from the stream
/// (<see cref="RedisLogFeed"/>), loaded by one consistent snapshot (<see cref="RedisSnapshotLoader"/>).
/// Every room of the instance shares one connection. docs/redis.md describes the keys, the
/// scripts and what each failure does.
/// </summary>
internal sealed class RedisRoomLog(
    RoomScripts scripts,
    LoadedRoom loaded,
    RedisSnapshotLoader loader,
    RedisLogFeed feed,
    RedisAppender appender,
    RedisRoomRegistry registry,
    OpenRedisRooms open,
    long opening) : IRoomLog, IAsyncDisposable
{
    private volatile int _online;

    public bool IsAvailable => scripts.IsAvailable;

    public string Room => scripts.Keys.Room;

    public bool IsLoaded => loaded.Epoch is not null;

    /// <summary>
    /// Members in the room, every instance's, as of the newest entry read here: what this instance
    /// reports to the deployment's list of rooms at each heartbeat.
    /// </summary>
    public int Online => _online;

    public async Task<RoomSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await loader.LoadAsync(cancellationToken);
        _online = snapshot.Members.Count;
        return snapshot;
    }

    public async IAsyncEnumerable<LogEntry> ReadAsync(long afterPosition,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in feed.ReadAsync(afterPosition, cancellationToken))
        {
            // Every join and leave carries the count, announced or not.
            if (entry.Event is MemberJoined { Online: var joined })
            {
                _online = joined;
            }
            else if (entry.Event is MemberLeft { Online: var left })
            {
                _online = left;
            }

            yield return entry;
        }
    }

    public ValueTask<AppendResult> AppendAsync(RoomCommand command, CancellationToken cancellationToken) =>
        appender.AppendAsync(command, cancellationToken);

    /// <summary>
    /// This instance has a new incarnation (it was declared dead): unless the room was loaded under
    /// it already, the room here resets and loads again.
    /// </summary>
    public void Reincarnated(string incarnation)
    {
        if (loaded.Epoch is not null && loaded.Incarnation != incarnation)
        {
            feed.Post(new DeclaredDead(loaded.Generation));
        }
    }

    /// <summary>
    /// The heartbeat's look at the room: loaded under an incarnation since declared dead, it resets;
    /// otherwise the reader learns the room's newest position and epoch (a missed tail, a lost room).
    /// </summary>
    /// <param name="incarnation">This instance's, or empty when the heartbeat did not answer.</param>
    public async Task CheckAsync(string incarnation, CancellationToken cancellationToken)
    {
        if (loaded.Epoch is null)
        {
            return;
        }

        if (incarnation.Length > 0 && loaded.Incarnation != incarnation)
        {
            Reincarnated(incarnation);
            return;
        }

        var generation = loaded.Generation;
        try
        {
            var tail = (RedisResult[])(await scripts.EvaluateAsync("tail", RedisScripts.Tail, [], cancellationToken))!;
            feed.Post(new Tail((string)tail[0]!, (long)tail[1], generation));
        }
        catch (RedisException)
        {
            // The room's master is away: its appends say so; the next beat looks again.
        }
    }

    /// <summary>
    /// The room is forgotten here: off the instance's rooms in Redis (only this opening of it: the
    /// same room opened again at once stays listed), and off the deployment's list when empty.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        open.Remove(this);
        await feed.DisposeAsync();
        await registry.ForgetAsync(scripts.Keys, opening);
    }
}
