using ChatRoom.Log;
using ChatRoom.Names;

namespace ChatRoom.Rooms;

/// <summary>
/// One room open on this instance, the unit a room is built as: its log, its copy of the state,
/// its reader and outlet, and the <see cref="Rooms.Room"/> its members act on. Built by
/// <see cref="RoomFactory"/> when its first member comes, disposed when <see cref="RoomDirectory"/>
/// forgets it. A member's session holds its room, so no message looks a room up.
/// </summary>
internal sealed class OpenRoom : IAsyncDisposable
{
    private readonly IRoomLog _log;
    private readonly RoomReader _reader;
    private readonly RoomOutlet _outlet;
    private readonly Lazy<Task> _started;

    public OpenRoom(RoomName name, IRoomLog log, Room room, RoomReader reader, RoomOutlet outlet)
    {
        Name = name;
        Room = room;
        _log = log;
        _reader = reader;
        _outlet = outlet;
        _started = new Lazy<Task>(() => _reader.StartAsync(CancellationToken.None));
    }

    public RoomName Name { get; }

    public Room Room { get; }

    /// <summary>The directory's count of who holds this room here; changed under its lock only.</summary>
    internal RoomTenancy Tenancy { get; } = new();

    /// <summary>Loads the room and starts its reader, once; every joiner awaits it before joining.</summary>
    /// <exception cref="RoomRefusedException">The deployment will not hold the room: no reader started.</exception>
    public Task StartAsync() => _started.Value;

    /// <summary>Presence frames to its members here whose count changed (see <see cref="PresenceTicker"/>).</summary>
    public void SendPresence() => _outlet.SendPresence();

    /// <summary>Stops the reader and fails whatever still waits on it; the room is gone from here.</summary>
    public async ValueTask DisposeAsync()
    {
        Room.Close();
        await _reader.StopAsync(CancellationToken.None);
        _reader.Dispose();
        _outlet.Reset(new RoomUnavailableException(Rooms.Room.ClosedReason));
        if (_log is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
