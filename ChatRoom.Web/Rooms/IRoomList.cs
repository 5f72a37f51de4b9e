using ChatRoom.Wire;

namespace ChatRoom.Rooms;

/// <summary>
/// The rooms there are, for <c>/rooms</c> and <c>GET /api/rooms</c>: those with the most members
/// first, at most <see cref="MaxListed"/>, and how many there are in all. In one process, the rooms
/// open here; a deployment that shares rooms between instances lists them all.
/// </summary>
internal interface IRoomList
{
    public const int MaxListed = 100;

    ValueTask<RoomList> ListAsync(CancellationToken cancellationToken);
}
