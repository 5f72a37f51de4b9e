namespace ChatRoom.Bench.Stats;

/// <summary>
/// Counters owned by one thread, so the receive path needs neither locks nor interlocked adds.
/// Other threads read them only for the progress line, where a torn view does not matter.
/// </summary>
public sealed class ThreadStats
{
    public ThreadStats(int trackedSenders)
    {
        MaxSeq = new int[trackedSenders];
        Array.Fill(MaxSeq, -1);
    }

    public LatencyHistogram Latency { get; } = new();

    /// <summary>Highest measured sequence number seen per sender (listeners derive "expected" from it).</summary>
    public int[] MaxSeq { get; }

    public long Frames { get; set; }
    public long Bytes { get; set; }
    public long Received { get; set; }
    public long WarmupReceived { get; set; }
    public long SelfReceived { get; set; }
    public long Duplicates { get; set; }
    public long OrderViolations { get; set; }
    public long Stale { get; set; }
    public long Untracked { get; set; }

    /// <summary>Copies from a sender of another room than the receiver's: a server must never deliver one.</summary>
    public long CrossRoom { get; set; }
}
