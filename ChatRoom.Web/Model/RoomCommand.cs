using ChatRoom.Protocol;

namespace ChatRoom.Model;

/// <summary>What a member asks the room to do; the log decides the outcome.</summary>
internal abstract record RoomCommand;

/// <summary>
/// Join as <paramref name="Name"/>, made unique with a suffix if it is taken. A <paramref name="Verified"/>
/// member (signed in: the name is its token's) takes the name from an anonymous member holding it,
/// who is renamed first; the name stays reserved while it is there. Refused while
/// <paramref name="BanKey"/> is banned (its subject when signed in, else its address).
/// </summary>
internal sealed record JoinCommand(MemberKey Member, string Name, bool Verified = false, string BanKey = "")
    : RoomCommand;

internal sealed record LeaveCommand(MemberKey Member) : RoomCommand;

internal sealed record SayCommand(MemberKey Member, string Text, bool IsAction) : RoomCommand;

/// <summary>Rename to <paramref name="Name"/> (already a valid name); refused when another member has it.</summary>
internal sealed record RenameCommand(MemberKey Member, string Name) : RoomCommand;

internal sealed record NoticeCommand(string Text) : RoomCommand;

/// <summary>
/// A moderator's <paramref name="Action"/> on the member named <paramref name="Target"/> (for an
/// unban, the name it was banned under); <paramref name="Minutes"/> for a mute or a ban.
/// </summary>
internal sealed record ModerateCommand(ModerationAction Action, string Target, string By, int Minutes)
    : RoomCommand;

/// <summary>Removes message <paramref name="Target"/> (its id) from history and the resume window.</summary>
internal sealed record DeleteCommand(long Target, string By) : RoomCommand;
