using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// The keys of the deployment rather than of a room, under the hash tag <c>{chatroom}</c> (from
/// <c>Redis:Room</c>): the instances' heartbeats and incarnations, the incarnations declared dead
/// and still to reap, each instance's rooms, and the registry of open rooms with their members.
/// The order is Scripts/beat.lua's KEYS order.
/// </summary>
internal sealed class DeploymentKeys
{
    private readonly string _tag;

    public DeploymentKeys(string prefix)
    {
        _tag = "{" + prefix + "}:";
        All =
        [
            _tag + "instances", _tag + "incarnations", _tag + "dead", _tag + "grace", _tag + "incarnation",
            _tag + "rooms", _tag + "seen",
        ];
    }

    /// <summary>Every key the deployment's scripts (beat, reaped, enter, rooms) take, in their order.</summary>
    public RedisKey[] All { get; }

    /// <summary>The registry of open rooms (room → members), and when each was last reported.</summary>
    public (RedisKey Rooms, RedisKey Seen) Registry => (All[5], All[6]);

    /// <summary>The rooms an instance registered in (room → the number of its opening): where a survivor reaps it.</summary>
    public RedisKey RoomsOf(string instance) => _tag + "rooms-of:" + instance;
}
