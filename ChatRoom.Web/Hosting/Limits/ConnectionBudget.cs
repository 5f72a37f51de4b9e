namespace ChatRoom.Hosting.Limits;

/// <summary>
/// What the open-file limit can hold: every TCP connection is a descriptor, and the process needs
/// its own (about 240 at rest, two per loaded assembly, more as code loads: the .NET runtime cannot
/// even map memory without one, which is how the server died of a connection flood). Connections
/// beyond <see cref="Connections"/> are not kept, and upgrades beyond <see cref="Members"/> get 503,
/// so plain HTTP (<c>/healthz</c>, <c>/metrics</c>) always has room.
/// </summary>
internal sealed class ConnectionBudget
{
    /// <summary>Descriptors kept for the process itself: measured use at rest plus room to load code and log.</summary>
    public const int BaseReserve = 384;

    public ConnectionBudget(long descriptorLimit, long wasSoftLimit)
    {
        DescriptorLimit = descriptorLimit;
        WasSoftLimit = wasSoftLimit;

        // A little more reserve as the limit grows: more connections, more transient descriptors
        // (accepts refused, /proc reads).
        Reserve = (int)Math.Min(descriptorLimit / 2, BaseReserve + (descriptorLimit / 32));
        Connections = (int)Math.Min(int.MaxValue / 2, Math.Max(1, descriptorLimit - Reserve));
        HttpHeadroom = Math.Max(1, Math.Min(Connections / 2, 32 + (Connections / 64)));
        Members = Connections - HttpHeadroom;
    }

    public long DescriptorLimit { get; }

    public long WasSoftLimit { get; }

    public int Reserve { get; }

    /// <summary>TCP connections held at once; past it the oldest idle one is closed, or the new one.</summary>
    public int Connections { get; }

    /// <summary>Connections kept for plain HTTP requests however many members there are.</summary>
    public int HttpHeadroom { get; }

    /// <summary>Upgraded connections (members) held at once; past it an upgrade gets 503.</summary>
    public int Members { get; }

    /// <summary>The process's own limit (raised to the hard one), or none where there is no such limit.</summary>
    public static ConnectionBudget FromProcess() =>
        OpenFileLimit.Raise() is { } found
            ? new ConnectionBudget(found.Limit, found.WasSoft)
            : new ConnectionBudget(int.MaxValue, int.MaxValue);
}
