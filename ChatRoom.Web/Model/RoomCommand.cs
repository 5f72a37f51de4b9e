namespace ChatRoom.Model;

/// <summary>What a member asks the room to do; the log decides the outcome.</summary>
internal abstract record RoomCommand;

/// <summary>
/// Join as <paramref name="Name"/>, made unique with a suffix if it is taken. A <paramref name="Verified"/>
/// member (signed in: the name is its token's) takes the name from an anonymous member holding it,
/// who is renamed first; the name stays reserved while it is there.
/// </summary>
internal sealed record JoinCommand(MemberKey Member, string Name, bool Verified = false) : RoomCommand;

internal sealed record LeaveCommand(MemberKey Member) : RoomCommand;

internal sealed record SayCommand(MemberKey Member, string Text, bool IsAction) : RoomCommand;

/// <summary>Rename to <paramref name="Name"/> (already a valid name); refused when another member has it.</summary>
internal sealed record RenameCommand(MemberKey Member, string Name) : RoomCommand;

internal sealed record NoticeCommand(string Text) : RoomCommand;
