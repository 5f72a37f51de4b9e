using ChatRoom.Names;

namespace ChatRoom.Log.Redis;

/// <summary>
/// The deployment's rules for rooms as Redis applies them: how many may be open at once across
/// every instance (<c>Chat:MaxRooms</c>), and how long Redis keeps a room with no members (with its
/// history and resume window) before its keys expire together, so that its next member starts a
/// new epoch (<c>Chat:EmptyRoomTtl</c>); the default room and those of <c>Chat:Rooms</c> are kept.
/// </summary>
/// <param name="isKept">The rooms kept for good (the default room, those of <c>Chat:Rooms</c>).</param>
internal sealed class RedisRoomRules(Func<RoomName, bool> isKept, TimeSpan emptyRoomTtl, int maxRooms)
{
    public int MaxRooms => maxRooms;

    /// <summary>The scripts' argument: milliseconds, 0 for a room that is kept for good.</summary>
    public long TtlMilliseconds(string room) =>
        emptyRoomTtl <= TimeSpan.Zero || !RoomName.TryParse(room, out var name, out _) || isKept(name)
            ? 0
            : (long)Math.Ceiling(emptyRoomTtl.TotalMilliseconds);
}
