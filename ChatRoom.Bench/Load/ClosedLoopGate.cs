using System.Diagnostics;
using System.Threading.Tasks.Sources;

namespace ChatRoom.Bench.Load;

/// <summary>
/// Lets a closed-loop sender wait until its current message has reached every other member.
/// Reusable and allocation-free: one per sender, armed before each send, opened by the receive
/// loop that delivers the last copy (or by the watchdog when a member never gets it).
/// </summary>
public sealed class ClosedLoopGate : IValueTaskSource<bool>
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private long _key = -1;
    private int _remaining;
    private int _opened = 1;
    private long _armedAt;

    public long TimeOuts { get; private set; }

    /// <summary>Prepares for message <paramref name="key"/> that <paramref name="receivers"/> members must get.</summary>
    public void Arm(long key, int receivers)
    {
        _core.Reset();
        Volatile.Write(ref _remaining, receivers);
        Volatile.Write(ref _armedAt, Stopwatch.GetTimestamp());
        Volatile.Write(ref _opened, 0);
        Volatile.Write(ref _key, key);
    }

    public ValueTask<bool> WaitAsync() => new(this, _core.Version);

    /// <summary>Called by a receive loop for every copy of this sender's messages.</summary>
    public void Delivered(long key)
    {
        if (key == Volatile.Read(ref _key) && Interlocked.Decrement(ref _remaining) == 0)
        {
            Open(true);
        }
    }

    /// <summary>Opens the gate if it has waited longer than <paramref name="limit"/> (a member left or lost it).</summary>
    public void OpenIfStuck(TimeSpan limit)
    {
        if (Volatile.Read(ref _opened) == 0 &&
            Stopwatch.GetElapsedTime(Volatile.Read(ref _armedAt)) > limit &&
            Open(false))
        {
            TimeOuts++;
        }
    }

    /// <summary>Releases a waiting sender at shutdown.</summary>
    public void Release() => Open(false);

    private bool Open(bool delivered)
    {
        if (Interlocked.CompareExchange(ref _opened, 1, 0) != 0)
        {
            return false;
        }

        Volatile.Write(ref _key, -1);
        _core.SetResult(delivered);
        return true;
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
