using ChatRoom.Diagnostics;
using ChatRoom.Log;
using ChatRoom.Log.Redis;
using ChatRoom.Wire;

namespace ChatRoom.Rooms;

/// <summary>
/// The rooms of every instance sharing Redis, most members first (then by name), with the counts
/// their instances last reported (at most one heartbeat old). While Redis cannot list them, the
/// rooms open here stand in (<see cref="LocalRoomList"/>).
/// </summary>
internal sealed class DeploymentRoomList(
    RedisRoomRegistry registry, LocalRoomList local, ILogger<DeploymentRoomList> logger) : IRoomList
{
    public async ValueTask<RoomList> ListAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (total, rooms) = await registry.ListAsync(IRoomList.MaxListed, cancellationToken);
            RoomCount[] listed =
            [
                .. rooms.Select(room => new RoomCount(room.Room, room.Online))
                    .OrderByDescending(room => room.Online).ThenBy(room => room.Name, StringComparer.Ordinal),
            ];
            return new RoomList(listed, (int)Math.Min(total, int.MaxValue));
        }
        catch (RoomUnavailableException exception)
        {
            ChatLog.RoomUnavailable(logger, exception.Message);
            return await local.ListAsync(cancellationToken);
        }
    }
}
