namespace ChatRoom.Log.Redis;

/// <summary>
/// This instance's current incarnation in the deployment: a number Redis gives it on its first
/// heartbeat, and a new one each time it finds itself declared dead. Rooms register it when they
/// load; a survivor's leaves for a dead incarnation never touch a later one.
/// </summary>
internal sealed class InstanceIncarnation
{
    private volatile string? _current;

    /// <summary>Null until the first heartbeat answered.</summary>
    public string? Current => _current;

    /// <summary>Records Redis's answer; true when it is a new incarnation after an earlier one (declared dead).</summary>
    public bool Set(string incarnation)
    {
        var previous = _current;
        _current = incarnation;
        return previous is not null && previous != incarnation;
    }
}
