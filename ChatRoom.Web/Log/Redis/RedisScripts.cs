using System.Reflection;

namespace ChatRoom.Log.Redis;

/// <summary>
/// The Lua scripts, each one Redis round trip. A room's scripts take the room's keys and are
/// prefixed with Scripts/common.lua (the key layout and the append every event shares); the
/// heartbeat's take the deployment's keys. StackExchange.Redis sends them by SHA after the first
/// use, and again in full when a restarted Redis no longer knows them.
/// </summary>
internal static class RedisScripts
{
    /// <summary>One room event: decides it as RoomLedger would and appends its entry.</summary>
    public static string Append { get; } = Room("append.lua");

    /// <summary>An append's outcome, when its answer was lost: what it answered, or refused for good.</summary>
    public static string Settle { get; } = Room("settle.lua");

    /// <summary>The snapshot a reader starts from; registers the instance's incarnation in the room.</summary>
    public static string Load { get; } = Room("load.lua");

    /// <summary>A page of entries from a position on, to fill a gap.</summary>
    public static string Read { get; } = Room("read.lua");

    /// <summary>The room's epoch and newest position.</summary>
    public static string Tail { get; } = Room("tail.lua");

    /// <summary>The leaves of a dead incarnation's members in one room, once.</summary>
    public static string Reap { get; } = Room("reap.lua");

    /// <summary>The instance's beat, and the instances that stopped beating declared dead.</summary>
    public static string Beat { get; } = Resource("beat.lua");

    /// <summary>A dead incarnation reaped in every room: forgotten.</summary>
    public static string Reaped { get; } = Resource("reaped.lua");

    /// <summary>A room opened by an instance: in the registry (within Chat:MaxRooms) and the instance's rooms.</summary>
    public static string Enter { get; } = Resource("enter.lua");

    /// <summary>A room forgotten by an instance: off its rooms, unless opened there again since.</summary>
    public static string Unlist { get; } = Resource("unlist.lua");

    /// <summary>The registry's open rooms, most members first.</summary>
    public static string Rooms { get; } = Resource("rooms.lua");

    private static string Room(string name) => Resource("common.lua") + "\n" + Resource(name);

    private static string Resource(string name)
    {
        var assembly = typeof(RedisScripts).Assembly;
        using var stream = assembly.GetManifestResourceStream("ChatRoom.Log.Redis.Scripts." + name)
            ?? throw new InvalidOperationException($"missing embedded script {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
