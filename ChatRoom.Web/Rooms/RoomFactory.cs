using ChatRoom.Diagnostics;
using ChatRoom.Log;
using ChatRoom.Model;
using ChatRoom.Names;
using Microsoft.Extensions.Options;

namespace ChatRoom.Rooms;

/// <summary>
/// Builds a room as a unit (<see cref="OpenRoom"/>): a log from <see cref="IRoomLogs"/>, a state,
/// reducer, outlet and reader of its own. What every room shares (options, metrics, the fan-out,
/// the clock, this instance's id) is passed in once.
/// </summary>
internal sealed class RoomFactory(
    IRoomLogs logs,
    RoomInstance instance,
    RoomFanOut fanOut,
    ChatMetrics metrics,
    TimeProvider time,
    IOptions<ChatOptions> options,
    ILoggerFactory loggers)
{
    private readonly ILogger<Room> _roomLogger = loggers.CreateLogger<Room>();
    private readonly ILogger<RoomReader> _readerLogger = loggers.CreateLogger<RoomReader>();

    /// <exception cref="RoomUnavailableException">This deployment cannot hold that room.</exception>
    public OpenRoom Build(RoomName name, bool isDefault)
    {
        var log = logs.Open(name);
        var chat = options.Value;
        var state = new RoomState(chat.HistorySize, chat.ResumeWindow) { Name = name, IsDefault = isDefault };
        var reducer = new RoomReducer(state, instance.Id, chat.MaxMessageBytes);
        var applied = new AppliedPositions(state);
        var locals = new LocalMembers();
        var outlet = new RoomOutlet(locals, state, applied, fanOut, metrics);
        var room = new Room(log, state, applied, locals, outlet, _roomLogger);
        var reader = new RoomReader(log, reducer, outlet, locals, time, _readerLogger);
        return new OpenRoom(name, log, room, reader, outlet);
    }
}
