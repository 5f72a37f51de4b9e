using System.Diagnostics;
using ChatRoom.Bench.Cli;
using ChatRoom.Bench.Stats;

namespace ChatRoom.Bench.Load;

/// <summary>State shared by every member of one run: options, counters and the closed-loop gates.</summary>
public sealed class RunContext
{
    public RunContext(BenchOptions options)
    {
        Options = options;
        Stats = new StatsRegistry(options.TrackedSenders);
        Gates = new ClosedLoopGate?[options.TrackedSenders];
        Layout = new RoomLayout(options.Rooms, options.RoomPrefix);
        _liveByRoom = new int[Layout.Count];
        StartTicks = Stopwatch.GetTimestamp();
    }

    public BenchOptions Options { get; }

    public StatsRegistry Stats { get; }

    /// <summary>Which room each member joins.</summary>
    public RoomLayout Layout { get; }

    /// <summary>Indexed by sender id; set only for this process's senders in closed loop.</summary>
    public ClosedLoopGate?[] Gates { get; }

    /// <summary>Markers stamped before this process started are history replays of earlier runs.</summary>
    public long StartTicks { get; }

    /// <summary>Members connected and not yet closed.</summary>
    public int Live => Volatile.Read(ref _live);

    private int _live;
    private readonly int[] _liveByRoom;

    /// <summary>Members of <paramref name="room"/> connected and not yet closed.</summary>
    public int LiveIn(int room) => Volatile.Read(ref _liveByRoom[room]);

    /// <summary>Live members per room, read once (when sending starts: what the copies due are counted from).</summary>
    public int[] LiveByRoom() => [.. _liveByRoom.Select((_, room) => LiveIn(room))];

    public void MemberOpened(int room)
    {
        Interlocked.Increment(ref _live);
        Interlocked.Increment(ref _liveByRoom[room]);
    }

    public void MemberClosed(int room)
    {
        Interlocked.Decrement(ref _live);
        Interlocked.Decrement(ref _liveByRoom[room]);
    }

    /// <summary>Set once teardown starts, so closes after it are not counted as disconnects.</summary>
    public bool ShuttingDown
    {
        get => Volatile.Read(ref _shuttingDown);
        set => Volatile.Write(ref _shuttingDown, value);
    }

    private bool _shuttingDown;
}
