using System.Collections.Concurrent;

namespace ChatRoom.Log.Redis;

/// <summary>
/// This instance's appends that have no answer yet, by append key, so that the reader and the
/// appender agree on one outcome when an answer is lost: if the reader sees the entry first, the
/// append succeeded (whatever Redis's answer did); if the appender gives up first (its sender
/// went away, or Redis stayed silent through the settling), the sender heard neither answer, and
/// an entry that lands later is nobody's own: a message reaches everyone as a message, a join is
/// followed by its leave.
/// </summary>
internal sealed class PendingAppends(TimeProvider time)
{
    // How long an abandoned append's entry may still turn up (after an outage, from the stream).
    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, PendingAppend> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Key, DateTimeOffset At)> _abandoned = new();

    public PendingAppend Start(string key)
    {
        Forget();
        var pending = new PendingAppend();
        _byKey[key] = pending;
        return pending;
    }

    /// <summary>The append has its answer: the reader need not know about it any more.</summary>
    public void Answered(string key) => _byKey.TryRemove(key, out _);

    /// <summary>The appender gave up without an answer: an entry that lands later is no longer its sender's.</summary>
    public bool TryAbandon(string key, PendingAppend pending)
    {
        if (!pending.TryAbandon())
        {
            return false;
        }

        _abandoned.Enqueue((key, time.GetUtcNow()));
        return true;
    }

    /// <summary>
    /// Called by the reader for each of this instance's entries: true when its append had been
    /// abandoned (the entry is then no longer the sender's own), false otherwise.
    /// </summary>
    public bool Observe(string key, long position)
    {
        if (key.Length == 0 || !_byKey.TryGetValue(key, out var pending))
        {
            return false;
        }

        if (pending.TrySee(position))
        {
            return false;
        }

        _byKey.TryRemove(key, out _);
        return pending.IsAbandoned;
    }

    private void Forget()
    {
        var cutoff = time.GetUtcNow() - Remembered;
        while (_abandoned.TryPeek(out var oldest) && oldest.At < cutoff && _abandoned.TryDequeue(out oldest))
        {
            _byKey.TryRemove(oldest.Key, out _);
        }
    }
}

/// <summary>One append in flight: seen by the reader, or abandoned by the appender, whichever comes first.</summary>
internal sealed class PendingAppend
{
    private const int Waiting = 0;
    private const int SeenState = 1;
    private const int AbandonedState = 2;

    private readonly TaskCompletionSource<long> _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    /// <summary>Completes with the entry's position once the reader has seen it.</summary>
    public Task<long> Seen => _seen.Task;

    public bool IsAbandoned => Volatile.Read(ref _state) == AbandonedState;

    public bool TrySee(long position)
    {
        if (Interlocked.CompareExchange(ref _state, SeenState, Waiting) != Waiting)
        {
            return false;
        }

        _seen.TrySetResult(position);
        return true;
    }

    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, AbandonedState, Waiting) == Waiting;
}
