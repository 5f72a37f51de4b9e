using System.Reflection;

namespace ChatRoom.Log.Redis;

/// <summary>
/// The Lua scripts, each one Redis round trip, each prefixed with Scripts/common.lua (the key
/// layout and the append every event shares). StackExchange.Redis sends them by SHA after the
/// first use, and again in full when a restarted Redis no longer knows them.
/// </summary>
internal static class RedisScripts
{
    /// <summary>One room event: decides it as RoomLedger would and appends its entry.</summary>
    public static string Append { get; } = Compose("append.lua");

    /// <summary>An append's outcome, when its answer was lost: what it answered, or refused for good.</summary>
    public static string Settle { get; } = Compose("settle.lua");

    /// <summary>The snapshot a reader starts from; registers the instance.</summary>
    public static string Load { get; } = Compose("load.lua");

    /// <summary>A page of entries from a position on, to fill a gap.</summary>
    public static string Read { get; } = Compose("read.lua");

    /// <summary>The instance's beat, and the leaves of instances that stopped beating.</summary>
    public static string Heartbeat { get; } = Compose("heartbeat.lua");

    private static string Compose(string name) => Resource("common.lua") + "\n" + Resource(name);

    private static string Resource(string name)
    {
        var assembly = typeof(RedisScripts).Assembly;
        using var stream = assembly.GetManifestResourceStream("ChatRoom.Log.Redis.Scripts." + name)
            ?? throw new InvalidOperationException($"missing embedded script {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
