namespace ChatRoom.Bench.Cli;

/// <summary>Everything one run of the generator needs; parsed once from the command line.</summary>
public sealed record BenchOptions
{
    public Uri Url { get; init; } = new("ws://127.0.0.1:8080/ws");
    public int Clients { get; init; } = 1000;
    public int Senders { get; init; } = 10;

    /// <summary>Messages per second per sender; 0 means closed loop.</summary>
    public double Rate { get; init; } = 10;

    public double Seconds { get; init; } = 10;
    public double Warmup { get; init; } = 2;
    public int Size { get; init; } = 64;
    public bool Echo { get; init; }
    public int? ServerPid { get; init; }
    public bool Json { get; init; }
    public bool Quiet { get; init; }
    public int ConnectConcurrency { get; init; } = 64;

    /// <summary>Seconds to keep members connected and idle before sampling server memory; 0 = load run.</summary>
    public double Hold { get; init; }

    /// <summary>Upper bound on waiting for the last deliveries after the senders stop.</summary>
    public double Drain { get; init; } = 5;

    /// <summary>Upper bound on waiting for the server to go quiet after connecting (ChatRoom announces joins).</summary>
    public double SettleMax { get; init; } = 30;

    /// <summary>Member names are <c>{Name}-{index}</c>; peers ignore the query.</summary>
    public string Name { get; init; } = "bench";

    /// <summary>First member index of this process, so several processes get distinct names and sender ids.</summary>
    public int IdBase { get; init; }

    /// <summary>How many sender ids (from 0) receivers track for order and duplicates; defaults to IdBase + Senders.</summary>
    public int? TrackSenders { get; init; }

    /// <summary>File written once every member is connected and the room is quiet (multi-process runs).</summary>
    public string? ReadyFile { get; init; }

    /// <summary>Wait for this file to exist before sending (multi-process runs).</summary>
    public string? StartFile { get; init; }

    /// <summary>Server RSS in KiB measured before any member connected (multi-process runs).</summary>
    public long? RssBaselineKb { get; init; }

    /// <summary>Zero-byte reads keep no receive buffer while a member is idle.</summary>
    public bool ZeroByteReads { get; init; } = true;

    public int ReceiveBufferSize { get; init; } = 4096;

    /// <summary>Use ClientWebSocket instead of the raw frame parser (the generator's old, costlier path; also wss://).</summary>
    public bool ClientWebSocket { get; init; }
    public double ConnectTimeout { get; init; } = 10;
    public string? Label { get; init; }

    /// <summary>Sample what the generator allocates during the measured window (diagnostics; costs CPU).</summary>
    public bool AllocTrace { get; init; }

    /// <summary>Rooms the members spread over (member i joins room i mod Rooms); 0 = no <c>?room=</c>, the server's one room.</summary>
    public int Rooms { get; init; }

    /// <summary>Room names are <c>{RoomPrefix}-{index}</c>.</summary>
    public string RoomPrefix { get; init; } = "r";

    public int TrackedSenders => TrackSenders ?? (IdBase + Senders);
    public bool ClosedLoop => Rate <= 0;
    public bool HoldMode => Hold > 0;
}
