namespace ChatRoom.Log.Redis;

/// <summary>
/// Which room this instance last loaded: its epoch (appends are refused in any other, so a member
/// of a lost room cannot land in the new one), the incarnation of this instance it registered (its
/// joins are refused once that one was declared dead) and a generation that each load moves on, so
/// a reset meant for an earlier load is not applied to a later one.
/// </summary>
internal sealed class LoadedRoom
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _left =
        new(StringComparer.Ordinal);
    private volatile Loaded? _current;

    /// <summary>Null until the first load.</summary>
    public string? Epoch => _current?.Epoch;

    /// <summary>This instance's incarnation as the last load registered it in the room; empty before.</summary>
    public string Incarnation => _current?.Incarnation ?? "";

    public long Generation => _current?.Generation ?? 0;

    public void Set(string epoch, string incarnation)
    {
        if (Epoch is { } previous && previous != epoch)
        {
            _left[previous] = 0;
        }

        _current = new Loaded(epoch, incarnation, Generation + 1);
    }

    /// <summary>
    /// An epoch this instance has moved on from: its entries, still queued for the reader when the
    /// room was reloaded, are stale, not a sign that the room changed again.
    /// </summary>
    public bool IsLeft(string epoch) => _left.ContainsKey(epoch);

    private sealed record Loaded(string Epoch, string Incarnation, long Generation);
}
