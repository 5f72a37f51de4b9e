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
            prefix + "bankeys",
            prefix + "bans",
            prefix + "banned",
            prefix + "mutes",
        ];
        Channel = RedisChannel.Sharded(prefix + "entries");
    }

    /// <summary>Every key, in the order the scripts expect them (see Scripts/common.lua).</summary>
    public RedisKey[] All { get; }

    /// <summary>
    /// Where every entry is published as it is appended: a sharded channel (SPUBLISH, SSUBSCRIBE,
    /// Redis 7), so on a Cluster it lives on the room's master, with the room, and only there.
    /// </summary>
    public RedisChannel Channel { get; }
}
