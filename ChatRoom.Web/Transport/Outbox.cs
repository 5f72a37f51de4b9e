namespace ChatRoom.Transport;

/// <summary>
/// A member's queue of encoded frames, filled by the room and drained by the member's <see cref="SendPump"/>.
/// Filling never waits. The queue is bounded by what the member does, not by how far behind the
/// server is: past <paramref name="eventLimit"/> frames it refuses more only while the socket has
/// not taken a write for <paramref name="stallTimeout"/>, and past <paramref name="byteLimit"/>
/// bytes always, so memory stays bounded whatever is queued. The welcome counts against the bytes
/// (and <paramref name="shared"/>, the process's count) but not the frames, and must be written
/// within <paramref name="stallTimeout"/>.
/// </summary>
internal sealed class Outbox(int eventLimit, long byteLimit, TimeSpan stallTimeout, TimeProvider time,
    QueuedBytes? shared = null)
{
    // One lock for the frames and their counts, held for a few array operations: the room
    // queues while the send pump takes.
    private readonly Lock _lock = new();
    private readonly FrameRing _frames = new();

    private int _count;
    private long _bytes;
    private long _writeStartedAt;
    private long _queuedSince;
    private CloseRequest? _close;

    // Welcome frames still queued, and taken but not yet written: the welcome is late while either is not 0.
    private int _welcomeQueued;
    private int _welcomeWriting;

    /// <summary>Set once the outbox is closed: the close frame the connection ends with.</summary>
    public CloseRequest? Close => Volatile.Read(ref _close);

    public int Count => Volatile.Read(ref _count);

    /// <summary>Read without the lock: the send pump looks often, and re-checks after giving up its turn.</summary>
    public bool HasFrames => Count > 0;

    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>True once closed with a request to drop what is still queued.</summary>
    public bool DiscardsPending => Close is { DiscardPending: true };

    /// <summary>
    /// True from <see cref="TryQueueWelcome"/> until the write that carried its last frame has ended.
    /// </summary>
    public bool WelcomePending => Volatile.Read(ref _welcomeQueued) + Volatile.Read(ref _welcomeWriting) > 0;

    /// <summary>Queues a frame; false when the member cannot keep up, or the outbox is closed.</summary>
    public bool TryEnqueue(ReadOnlyMemory<byte> frame)
    {
        lock (_lock)
        {
            if (_bytes + frame.Length > byteLimit || (_count >= eventLimit && IsStalled()) || Close is not null)
            {
                return false;
            }

            if (_count == 0 && _queuedSince == 0)
            {
                // The queue was empty: this frame is the oldest the send pump will find. One clock read
                // per empty-to-busy turn, not per frame, keeps the send-latency metric cheap.
                _queuedSince = time.GetTimestamp();
            }

            _frames.Add(frame);
            Volatile.Write(ref _count, _count + 1);
            Volatile.Write(ref _bytes, _bytes + frame.Length);
            shared?.Add(frame.Length);
            return true;
        }
    }

    /// <summary>
    /// Queues the welcome ahead of the events queued since the join, so it is written first and
    /// none is lost or sent twice. Its frames count against the byte limit, not the frame limit
    /// (a replayed history is not a member falling behind). False when it does not fit beside what
    /// is queued, or the outbox is closed with its frames discarded.
    /// </summary>
    public bool TryQueueWelcome(IReadOnlyList<ReadOnlyMemory<byte>> welcome)
    {
        long size = 0;
        foreach (var frame in welcome)
        {
            size += frame.Length;
        }

        lock (_lock)
        {
            // A member closed without discarding (the server is shutting down) still gets its welcome before the close.
            if (_bytes + size > byteLimit || DiscardsPending)
            {
                return false;
            }

            for (var i = welcome.Count - 1; i >= 0; i--)
            {
                _frames.AddFirst(welcome[i]);
            }

            _queuedSince = time.GetTimestamp();
            _welcomeQueued = welcome.Count;
            Volatile.Write(ref _count, _count + welcome.Count);
            Volatile.Write(ref _bytes, _bytes + size);
            shared?.Add(size);
            return true;
        }
    }

    public bool TryDequeue(out ReadOnlyMemory<byte> frame)
    {
        Span<ReadOnlyMemory<byte>> one = [default];
        var taken = TakeBatch(one, maxBytes: 0, out var bytes);
        Written(bytes);
        frame = one[0];
        return taken == 1;
    }

    /// <summary>
    /// Takes the oldest frames for one write: at least one, then as many as fit in <paramref name="maxBytes"/>.
    /// Their <paramref name="bytes"/> go to <see cref="Written"/> once that write has ended, however it ended.
    /// </summary>
    /// <returns>How many frames <paramref name="batch"/> now starts with; 0 when nothing is queued.</returns>
    public int TakeBatch(Span<ReadOnlyMemory<byte>> batch, int maxBytes, out long bytes)
    {
        lock (_lock)
        {
            var taken = _frames.Take(batch, maxBytes, out bytes);
            Volatile.Write(ref _count, _count - taken);
            Volatile.Write(ref _bytes, _bytes - bytes);
            if (_welcomeQueued > 0)
            {
                var welcome = Math.Min(taken, _welcomeQueued);
                Volatile.Write(ref _welcomeWriting, welcome);
                Volatile.Write(ref _welcomeQueued, _welcomeQueued - welcome);
            }

            return taken;
        }
    }

    /// <summary>
    /// The write of a batch from <see cref="TakeBatch"/> has ended: its bytes leave the process's count.
    /// </summary>
    public void Written(long bytes)
    {
        Volatile.Write(ref _welcomeWriting, 0);
        shared?.Remove(bytes);
    }

    /// <summary>
    /// Drops what is still queued, for good (the member is gone), and gives its bytes back to the process's count.
    /// </summary>
    public void Discard()
    {
        lock (_lock)
        {
            var bytes = _frames.Clear();
            _welcomeQueued = 0;
            Volatile.Write(ref _count, 0);
            Volatile.Write(ref _bytes, 0);
            shared?.Remove(bytes);
        }
    }

    /// <summary>
    /// Called by the send pump once it has taken a batch: when the batch's oldest frame was queued
    /// (0 if unknown). Frames left behind are counted from now, which can only understate their wait.
    /// </summary>
    public long TakeQueuedSince()
    {
        lock (_lock)
        {
            var since = _queuedSince;
            _queuedSince = _count > 0 ? time.GetTimestamp() : 0;
            return since;
        }
    }

    /// <summary>Time elapsed since a timestamp of <see cref="TakeQueuedSince"/>, on this outbox's clock.</summary>
    public TimeSpan ElapsedSince(long timestamp) => time.GetElapsedTime(timestamp);

    /// <summary>A write to the socket did not complete at once; the stall clock runs until it ends.</summary>
    public void WriteStarted() => Interlocked.Exchange(ref _writeStartedAt, time.GetTimestamp());

    public void WriteEnded() => Interlocked.Exchange(ref _writeStartedAt, 0);

    /// <summary>
    /// Calls <paramref name="due"/> once the stall timeout has passed, with whether the welcome is still not written.
    /// </summary>
    public ITimer AtWelcomeDeadline(Action<bool> due) =>
        time.CreateTimer(_ => due(WelcomePending), null, stallTimeout, Timeout.InfiniteTimeSpan);

    /// <summary>Accepts no more frames. The first close wins; false if already closed.</summary>
    public bool TryClose(CloseRequest request) => Interlocked.CompareExchange(ref _close, request, null) is null;

    private bool IsStalled()
    {
        var startedAt = Interlocked.Read(ref _writeStartedAt);
        return startedAt != 0 && time.GetElapsedTime(startedAt) >= stallTimeout;
    }
}
