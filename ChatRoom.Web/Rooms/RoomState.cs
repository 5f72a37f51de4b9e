using ChatRoom.Names;

namespace ChatRoom.Rooms;

/// <summary>
/// This instance's copy of the room: who is in it, its history and resume window, and how far the
/// reader has got. Only <see cref="RoomReducer"/> changes it, on the reader; any thread may read
/// the counters and <see cref="Roster.View"/>.
/// </summary>
internal sealed class RoomState(int historySize, int resumeWindow)
{
    private volatile string? _epoch;
    private long _position;
    private long _lastId;
    private long _messageCount;

    /// <summary>Which room this is; unset (the default room) where a test builds the state alone.</summary>
    public RoomName Name { get; init; }

    /// <summary>The room of members that name none: its plain-text welcome does not name it.</summary>
    public bool IsDefault { get; init; } = true;

    public Roster Roster { get; } = new();

    public RecentEvents Recent { get; } = new(historySize, resumeWindow);

    /// <summary>Null until the reader has loaded the room, and again after the log lost continuity.</summary>
    public string? Epoch
    {
        get => _epoch;
        internal set => _epoch = value;
    }

    /// <summary>The position of the last entry applied.</summary>
    public long Position
    {
        get => Interlocked.Read(ref _position);
        internal set => Interlocked.Exchange(ref _position, value);
    }

    public long LastId
    {
        get => Interlocked.Read(ref _lastId);
        internal set => Interlocked.Exchange(ref _lastId, value);
    }

    public long MessageCount
    {
        get => Interlocked.Read(ref _messageCount);
        internal set => Interlocked.Exchange(ref _messageCount, value);
    }
}
