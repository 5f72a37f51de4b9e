using ChatRoom.Log;
using ChatRoom.Model;

namespace ChatRoom.Log;

/// <summary>This process among the instances sharing the room: its id prefixes its members' keys.</summary>
internal sealed class RoomInstance
{
    public string Id { get; } = RoomEpoch.New();

    private long _lastMemberId;

    public MemberKey NextMemberKey() => new(Id, Interlocked.Increment(ref _lastMemberId));
}
