using ChatRoom.Log.Redis;
using ChatRoom.Model;
using ChatRoom.Names;
using Microsoft.Extensions.Options;

namespace ChatRoom.Log;

/// <summary>
/// The logs of this deployment's rooms. The default room's is the one <see cref="IRoomLog"/> the
/// services hold (in process, or Redis with <c>Redis:Configuration</c>); every other room gets an
/// <see cref="InProcessRoomLog"/> of its own. On Redis only the default room is shared by the
/// instances so far: another would live in one process, so it is refused instead.
/// </summary>
internal sealed class RoomLogs(
    IServiceProvider services,
    IOptions<ChatOptions> options,
    IOptions<RedisOptions> redis,
    TimeProvider time) : IRoomLogs
{
    public const string OnlyDefaultOnRedis = "rooms other than the default room are not shared through Redis yet";

    private readonly RoomName _default = RoomName.Parse(options.Value.DefaultRoom);

    public IRoomLog Open(RoomName room) =>
        room == _default ? services.GetRequiredService<IRoomLog>()
        : redis.Value.IsEnabled ? throw new RoomUnavailableException(OnlyDefaultOnRedis)
        : new InProcessRoomLog(options, time);
}
