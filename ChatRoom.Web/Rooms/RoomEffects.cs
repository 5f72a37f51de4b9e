using ChatRoom.Transport;
using ChatRoom.Wire;

namespace ChatRoom.Rooms;

/// <summary>
/// What applying one entry asks of this instance, for <see cref="RoomOutlet"/> to carry out:
/// an event to fan out, and what happened to the member here it concerns, if any.
/// </summary>
/// <param name="Position">The entry applied: appenders waiting for it may go on.</param>
/// <param name="Broadcast">The event every member here gets (its origin an ack or nothing).</param>
/// <param name="LocalMemberId">The member on this instance the entry concerns; 0 for none.</param>
/// <param name="Welcome">Its welcome: it joined and its connection is waiting for this.</param>
/// <param name="Left">It left the room (closed if still connected: it must reconnect).</param>
/// <param name="RenamedTo">Its new name.</param>
/// <param name="Close">A moderator removed it: closed with this (4001), it leaves as it goes.</param>
/// <param name="Banned">A ban's key: every member here that shares it is closed with 4001 banned.</param>
internal readonly record struct RoomEffects(
    long Position,
    EncodedEvent? Broadcast,
    long LocalMemberId = 0,
    Welcome? Welcome = null,
    bool Left = false,
    string? RenamedTo = null,
    CloseRequest? Close = null,
    string? Banned = null);

/// <summary>The joins this instance waits for: a joiner's welcome depends on what it asks to resume.</summary>
internal interface IWaitingJoins
{
    bool IsWaiting(long memberId, out ResumeRequest? resumeFrom);
}
