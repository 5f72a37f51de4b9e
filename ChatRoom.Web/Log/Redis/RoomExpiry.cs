namespace ChatRoom.Log.Redis;

/// <summary>
/// How long Redis keeps a room with no members (with its history and resume window) before its
/// keys expire together, so that its next member starts a new epoch; the default room is kept.
/// </summary>
internal sealed class RoomExpiry(string defaultRoom, TimeSpan emptyRoomTtl)
{
    /// <summary>The scripts' argument: milliseconds, 0 for a room that is kept for good.</summary>
    public long TtlMilliseconds(string room) =>
        room == defaultRoom || emptyRoomTtl <= TimeSpan.Zero ? 0 : (long)Math.Ceiling(emptyRoomTtl.TotalMilliseconds);
}
