namespace ChatRoom.Transport;

/// <summary>
/// <c>Chat:WriteDelay</c>, Centrifugo's write_delay: a send pump with frames to write waits here up
/// to the delay before writing, so the frames queued meanwhile go in the same write (fewer system
/// calls per frame, at the cost of latency). One timer for the process, armed when the first pump
/// of a round waits and fired once per round, so waiting costs a list entry, not a timer per member.
/// </summary>
internal sealed class WriteCoalescer : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeSpan _delay;
    private readonly ITimer _timer;
    private List<SendPump> _waiting = [];
    private bool _disposed;

    public WriteCoalescer(TimeSpan delay, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        _delay = delay;
        _timer = time.CreateTimer(_ => WriteWaiting(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>0: pumps write at once, exactly as without a coalescer.</summary>
    public bool Enabled => _delay > TimeSpan.Zero;

    /// <summary>
    /// <paramref name="pump"/> holds its turn and has frames: it writes them at the end of this round.
    /// </summary>
    public void Wait(SendPump pump)
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _waiting.Add(pump);
                if (_waiting.Count == 1)
                {
                    _timer.Change(_delay, Timeout.InfiniteTimeSpan);
                }

                return;
            }
        }

        // Stopped: nothing fires again, and a pump left waiting would hold its turn forever.
        pump.WriteNow();
    }

    private void WriteWaiting()
    {
        List<SendPump> due;
        lock (_lock)
        {
            due = _waiting;
            _waiting = [];
        }

        foreach (var pump in due)
        {
            pump.WriteNow();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _timer.Dispose();
        WriteWaiting();
    }
}
