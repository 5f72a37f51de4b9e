namespace ChatRoom.Log.Redis;

/// <summary>
/// Which room this instance last loaded: its epoch (appends are refused in any other, so a member
/// of a lost room cannot land in the new one) and a generation that each load moves on, so a
/// reset meant for an earlier load is not applied to a later one.
/// </summary>
internal sealed class LoadedRoom
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _left =
        new(StringComparer.Ordinal);
    private volatile Loaded? _current;

    /// <summary>Null until the first load.</summary>
    public string? Epoch => _current?.Epoch;

    public long Generation => _current?.Generation ?? 0;

    public void Set(string epoch)
    {
        if (Epoch is { } previous && previous != epoch)
        {
            _left[previous] = 0;
        }

        _current = new Loaded(epoch, Generation + 1);
    }

    /// <summary>
    /// An epoch this instance has moved on from: its entries, still queued for the reader when the
    /// room was reloaded, are stale, not a sign that the room changed again.
    /// </summary>
    public bool IsLeft(string epoch) => _left.ContainsKey(epoch);

    private sealed record Loaded(string Epoch, long Generation);
}
