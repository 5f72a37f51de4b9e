namespace ChatRoom.Client.Connection;

/// <summary>Exponential backoff with jitter: the initial delay, doubled per failed attempt, capped.</summary>
/// <param name="random">A number in [0, 1); tests pass a fixed one.</param>
internal sealed class ReconnectBackoff(ChatClientOptions options, Func<double> random)
{
    /// <param name="attempt">1 for the first attempt after a loss.</param>
    /// <param name="retryAfter">The server's Retry-After: never come back sooner than it asked.</param>
    public TimeSpan DelayBefore(int attempt, TimeSpan? retryAfter)
    {
        var doublings = Math.Min(attempt - 1, 30);
        var ceiling = Math.Min(options.InitialReconnectDelay.Ticks * Math.Pow(2, doublings),
            options.MaxReconnectDelay.Ticks);
        var delay = TimeSpan.FromTicks((long)(ceiling * (1 - (options.ReconnectJitter * random()))));
        return retryAfter is { } least && least > delay ? least : delay;
    }
}
