namespace ChatRoom.Bench.Stats;

/// <summary>Hands each thread its own <see cref="ThreadStats"/> and sums them on demand.</summary>
public sealed class StatsRegistry
{
    [ThreadStatic]
    private static ThreadStats? t_current;

    [ThreadStatic]
    private static StatsRegistry? t_owner;

    private readonly List<ThreadStats> _all = [];
    private readonly Lock _lock = new();
    private readonly int _trackedSenders;

    public StatsRegistry(int trackedSenders) => _trackedSenders = trackedSenders;

    /// <summary>The calling thread's counters; created on the thread's first use.</summary>
    public ThreadStats Current
    {
        get
        {
            var stats = t_current;
            if (stats is not null && ReferenceEquals(t_owner, this))
            {
                return stats;
            }

            stats = new ThreadStats(_trackedSenders);
            lock (_lock)
            {
                _all.Add(stats);
            }

            t_current = stats;
            t_owner = this;
            return stats;
        }
    }

    public StatsSnapshot Snapshot()
    {
        var merged = new LatencyHistogram();
        var maxSeq = new int[_trackedSenders];
        Array.Fill(maxSeq, -1);
        long frames = 0, bytes = 0, received = 0, warmup = 0, self = 0, dup = 0, order = 0, stale = 0, untracked = 0, crossRoom = 0;
        lock (_lock)
        {
            foreach (var s in _all)
            {
                frames += s.Frames;
                bytes += s.Bytes;
                received += s.Received;
                warmup += s.WarmupReceived;
                self += s.SelfReceived;
                dup += s.Duplicates;
                order += s.OrderViolations;
                stale += s.Stale;
                untracked += s.Untracked;
                crossRoom += s.CrossRoom;
                s.Latency.AddTo(merged);
                for (var i = 0; i < maxSeq.Length; i++)
                {
                    maxSeq[i] = Math.Max(maxSeq[i], s.MaxSeq[i]);
                }
            }
        }

        return new StatsSnapshot(frames, bytes, received, warmup, self, dup, order, stale, untracked, merged, maxSeq)
        {
            CrossRoom = crossRoom,
        };
    }

    /// <summary>Measured deliveries and frames so far, without merging histograms (polled while draining).</summary>
    public (long Received, long WarmupReceived, long Frames) Totals()
    {
        long received = 0, warmup = 0, frames = 0;
        lock (_lock)
        {
            foreach (var s in _all)
            {
                received += s.Received;
                warmup += s.WarmupReceived;
                frames += s.Frames;
            }
        }

        return (received, warmup, frames);
    }
}

public sealed record StatsSnapshot(
    long Frames,
    long Bytes,
    long Received,
    long WarmupReceived,
    long SelfReceived,
    long Duplicates,
    long OrderViolations,
    long Stale,
    long Untracked,
    LatencyHistogram Latency,
    int[] MaxSeq)
{
    public long CrossRoom { get; init; }
}
