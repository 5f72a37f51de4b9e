using ChatRoom.Log.Redis;
using ChatRoom.Model;
using ChatRoom.Names;
using Microsoft.Extensions.Options;

namespace ChatRoom.Log;

/// <summary>
/// The logs of this deployment's rooms. The default room's is the one <see cref="IRoomLog"/> the
/// services hold (in process, or Redis with <c>Redis:Configuration</c>); every other room gets a
/// log of its own of the same kind: an <see cref="InProcessRoomLog"/>, or a Redis log under the
/// room's own keys, shared by every instance.
/// </summary>
internal sealed class RoomLogs(
    IServiceProvider services,
    IOptions<ChatOptions> options,
    IOptions<RedisOptions> redis,
    TimeProvider time) : IRoomLogs
{
    private readonly RoomName _default = RoomName.Parse(options.Value.DefaultRoom);

    public IRoomLog Open(RoomName room) =>
        room == _default ? services.GetRequiredService<IRoomLog>()
        : redis.Value.IsEnabled ? services.GetRequiredService<RedisRoomLogs>().Open(room)
        : new InProcessRoomLog(options, time);
}
