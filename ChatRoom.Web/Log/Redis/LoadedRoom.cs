namespace ChatRoom.Log.Redis;

/// <summary>
/// Which room this instance last loaded: its epoch (appends are refused in any other, so a member
/// of a lost room cannot land in the new one) and a generation that each load moves on, so a
/// reset meant for an earlier load is not applied to a later one.
/// </summary>
public sealed class LoadedRoom
{
    private volatile Loaded? _current;

    /// <summary>Null until the first load.</summary>
    public string? Epoch => _current?.Epoch;

    public long Generation => _current?.Generation ?? 0;

    public void Set(string epoch) => _current = new Loaded(epoch, Generation + 1);

    private sealed record Loaded(string Epoch, long Generation);
}
