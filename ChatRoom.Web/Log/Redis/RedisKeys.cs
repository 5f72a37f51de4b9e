using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// The room's keys, all under one hash tag (<c>{room}:…</c>) so that they sit on one Redis
/// Cluster slot and one script may touch them all. The order is the scripts' KEYS order.
/// </summary>
internal sealed class RedisKeys
{
    public RedisKeys(string room)
    {
        var prefix = "{" + room + "}:";
        All =
        [
            prefix + "epoch",
            prefix + "position",
            prefix + "lastid",
            prefix + "messages",
            prefix + "stream",
            prefix + "history",
            prefix + "names",
            prefix + "folds",
            prefix + "owners",
            prefix + "joined",
            prefix + "instances",
        ];
        Channel = RedisChannel.Literal(prefix + "entries");
    }

    /// <summary>Every key, in the order the scripts expect them (see Scripts/common.lua).</summary>
    public RedisKey[] All { get; }

    /// <summary>Where every entry is published as it is appended.</summary>
    public RedisChannel Channel { get; }
}
