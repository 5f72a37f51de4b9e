using ChatRoom.Names;

namespace ChatRoom.Log;

/// <summary>
/// Where each room's log comes from: one log per room, opened when the room opens here. A log
/// that holds resources (a subscription, a connection's share) is <see cref="IAsyncDisposable"/>,
/// and the room disposes it when this instance forgets the room.
/// </summary>
internal interface IRoomLogs
{
    /// <summary>The log of <paramref name="room"/>; a new one for each call.</summary>
    /// <exception cref="RoomUnavailableException">This deployment cannot hold that room.</exception>
    IRoomLog Open(RoomName room);
}
