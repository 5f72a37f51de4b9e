using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// One room's keys, all under the room's own hash tag (<c>{chatroom:games}:…</c>, from
/// <c>Redis:Room</c> and the room's name), so that they sit on one Redis Cluster slot and one
/// script may touch them all, while a cluster spreads the rooms over its masters. The order is
/// the scripts' KEYS order.
/// </summary>
internal sealed class RedisKeys
{
    public RedisKeys(string prefix, string room)
    {
        Room = room;
        var tag = "{" + prefix + ":" + room + "}:";
        All =
        [
            tag + "epoch",
            tag + "position",
            tag + "lastid",
            tag + "messages",
            tag + "stream",
            tag + "history",
            tag + "names",
            tag + "folds",
            tag + "owners",
            tag + "joined",
            tag + "instances",
            tag + "bankeys",
            tag + "bans",
            tag + "banned",
            tag + "mutes",
        ];
        Channel = RedisChannel.Sharded(tag + "entries");
    }

    /// <summary>The room's name, as the deployment's keys list it.</summary>
    public string Room { get; }

    /// <summary>Every key, in the order the scripts expect them (see Scripts/common.lua).</summary>
    public RedisKey[] All { get; }

    /// <summary>
    /// Where every entry is published as it is appended: a sharded channel (SPUBLISH, SSUBSCRIBE,
    /// Redis 7), so on a Cluster it lives on the room's master, with the room, and only there.
    /// </summary>
    public RedisChannel Channel { get; }
}
