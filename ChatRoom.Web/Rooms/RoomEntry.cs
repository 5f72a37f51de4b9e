namespace ChatRoom.Rooms;

/// <summary>Whether a room could be entered (<see cref="RoomDirectory.Enter"/>), and why not.</summary>
internal readonly record struct RoomEntry(RoomLease? Lease, RoomRefusal Refusal, string? Reason);

internal enum RoomRefusal
{
    None,

    /// <summary><c>Chat:Rooms</c> is set and does not name it: 404.</summary>
    NotFound,

    /// <summary>Not open, and <c>Chat:MaxRooms</c> are: 503.</summary>
    TooMany,

    /// <summary>Shutting down, or this deployment cannot hold the room: 503.</summary>
    Unavailable,
}
