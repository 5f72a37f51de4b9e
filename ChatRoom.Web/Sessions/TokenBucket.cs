namespace ChatRoom.Sessions;

/// <summary>
/// A member's message allowance: <c>burst</c> messages at once, refilled at <c>tokensPerSecond</c>.
/// </summary>
/// <remarks>
/// Used only by its member's receive loop, so it needs no lock; refilled from timestamps on use,
/// so it needs no timer either (System.Threading.RateLimiting's token bucket runs one per
/// limiter, which is ten thousand timers for ten thousand members).
/// </remarks>
internal sealed class TokenBucket(double tokensPerSecond, int burst, TimeProvider time)
{
    private double _tokens = burst;
    private long _refilledAt = time.GetTimestamp();

    public bool TryTake()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * tokensPerSecond));
        _refilledAt = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        return true;
    }
}
