namespace ChatRoom.Sessions;

/// <summary>
/// Tells a member who keeps sending over its rate limit from one who had a burst:
/// <see cref="DropLimit"/> dropped messages within <see cref="Window"/> is flooding.
/// </summary>
internal sealed class FloodGuard(TimeProvider time)
{
    public const int DropLimit = 50;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    // The times of the last DropLimit drops, oldest next to be overwritten; made on the first drop
    // so that members who never flood carry no array.
    private long[]? _drops;
    private int _next;
    private int _count;

    /// <summary>Records a dropped message; true when this drop makes the member a flooder.</summary>
    public bool RecordDrop()
    {
        var drops = _drops ??= new long[DropLimit];
        var now = time.GetTimestamp();
        drops[_next] = now;
        _next = (_next + 1) % DropLimit;
        _count = Math.Min(_count + 1, DropLimit);
        return _count == DropLimit && time.GetElapsedTime(drops[_next], now) <= Window;
    }
}
