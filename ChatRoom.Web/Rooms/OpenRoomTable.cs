using System.Diagnostics.CodeAnalysis;
using ChatRoom.Diagnostics;
using ChatRoom.Names;

namespace ChatRoom.Rooms;

/// <summary>
/// The rooms open on this instance by name, with what must follow each room opened or forgotten:
/// the <c>chatroom_rooms</c> count, the start of its tenancy, and the snapshot that
/// <see cref="RoomDirectory.All"/> hands out. Rooms come and go only through <see cref="Open"/> and
/// <see cref="Forget"/>, so none of these can drift from the table, and <see cref="RoomDirectory"/>
/// is left with its decisions. Not thread-safe: the directory uses it under its lock; only
/// <see cref="Snapshot"/> may be read without.
/// </summary>
internal sealed class OpenRoomTable(RoomFactory factory, ChatMetrics metrics)
{
    private readonly Dictionary<RoomName, OpenRoom> _rooms = [];

    /// <summary>Null when a room opened or was forgotten since it was last built.</summary>
    private OpenRoom[]? _all = [];

    public int Count => _rooms.Count;

    public Dictionary<RoomName, OpenRoom>.ValueCollection Values => _rooms.Values;

    /// <summary>Every room as an immutable snapshot, if no room opened or was forgotten since it was built.</summary>
    public OpenRoom[]? Snapshot => Volatile.Read(ref _all);

    /// <summary>Every room as an immutable snapshot, kept until a room opens or is forgotten.</summary>
    public OpenRoom[] BuildSnapshot() => _all ??= [.. _rooms.Values];

    public bool TryGetValue(RoomName name, [MaybeNullWhen(false)] out OpenRoom room) =>
        _rooms.TryGetValue(name, out room);

    public OpenRoom? Find(RoomName name) => _rooms.GetValueOrDefault(name);

    public OpenRoom Open(RoomName name, bool isDefault, DateTimeOffset now)
    {
        var room = factory.Build(name, isDefault);
        room.Tenancy.Opened(now);
        _rooms.Add(name, room);
        _all = null;
        metrics.RoomOpened();
        return room;
    }

    /// <summary>Takes <paramref name="rooms"/> out, and returns them for the caller to dispose.</summary>
    public List<OpenRoom> Forget(List<OpenRoom> rooms)
    {
        foreach (var room in rooms)
        {
            _rooms.Remove(room.Name);
            metrics.RoomClosed();
            _all = null;
        }

        return rooms;
    }
}
