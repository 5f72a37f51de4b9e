namespace ChatRoom.Bench.Reporting;

/// <summary>The outcome of one run: what the table shows and what the JSON line carries.</summary>
public sealed record BenchResult
{
    public string? Label { get; init; }
    public required string Mode { get; init; }
    public required string Url { get; init; }
    public int Clients { get; init; }
    public int Senders { get; init; }
    public double Rate { get; init; }
    public double Seconds { get; init; }
    public int Size { get; init; }
    public bool Echo { get; init; }
    public required ConnectResult Connect { get; init; }
    public int MembersLost { get; init; }
    public string? FirstLostReason { get; init; }
    public DeliveryResult? Delivery { get; init; }

    /// <summary>Only when members name rooms (<c>--rooms</c>): the per-room view of the deliveries.</summary>
    public RoomsResult? Rooms { get; init; }
    public LatencyResult? LatencyMs { get; init; }
    public ServerResult? Server { get; init; }
    public required GeneratorResult Generator { get; init; }
}

public sealed record ConnectResult(int Attempted, int Connected, int Failed, string? FirstError, double Seconds, double P50Ms, double P99Ms, double MaxMs)
{
    /// <summary>Ramp-up plus the wait for a quiet room: ChatRoom's join announcements happen here.</summary>
    public double SettledSeconds { get; init; }

    /// <summary>Frames members received while connecting and settling (join announcements, welcomes, history).</summary>
    public long Frames { get; init; }

    public double? ServerCpuSeconds { get; init; }

    public double GeneratorCpuSeconds { get; init; }
}

public sealed record DeliveryResult(
    long Sent,
    long Expected,
    long Received,
    long Lost,
    double LossPercent,
    long Duplicates,
    long OrderViolations,
    long SelfReceived,
    long Stale,
    long Frames,
    double WindowSeconds,
    double DeliveriesPerSecond,
    long ClosedLoopTimeouts,
    long SendFailures);

public sealed record LatencyResult(double P50, double P90, double P99, double P999, double Max, double Mean);

public sealed record ServerResult(
    int Pid,
    double CpuSeconds,
    double CpuMicrosPerDelivery,
    double CpuPercent,
    long RssBeforeKb,
    long RssIdleKb,
    long RssPeakKb,
    double RssPerMemberKb);

public sealed record GeneratorResult(double CpuSeconds, double CpuMicrosPerDelivery, double CpuPercent, long RssKb)
{
    /// <summary>Managed bytes the generator allocated per copy handled in the window: the proof that its receive path does not allocate.</summary>
    public double AllocatedBytesPerDelivery { get; init; }
}

/// <summary>
/// Per-room accounting: how members and senders were spread, how many rooms received less than was
/// due (and the worst room's loss), and copies that reached a member of another room than the
/// sender's, which a server must never deliver.
/// </summary>
public sealed record RoomsResult(
    int Rooms,
    int MinMembers,
    int MaxMembers,
    int MinSenders,
    int MaxSenders,
    int RoomsShort,
    double WorstRoomLossPercent,
    long CrossRoom);
