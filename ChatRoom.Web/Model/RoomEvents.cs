
namespace ChatRoom.Model;

/// <summary>Something that happens in the room and is broadcast to its members.</summary>
public abstract record RoomEvent;

public sealed record ChatMessage(string From, string Text, bool IsAction) : RoomEvent;

public sealed record MemberJoined(string Name, int Online) : RoomEvent;

public sealed record MemberLeft(string Name, int Online) : RoomEvent;

public sealed record MemberRenamed(string From, string To) : RoomEvent;

public sealed record Notice(string Text) : RoomEvent;

/// <summary>
/// A room event with its place in the one conversation every member sees.
/// <paramref name="OriginMemberId"/> is the member that caused it (0 for none): it gets an ack
/// for its own message instead of the message, and does not receive its own join.
/// </summary>
public sealed record SequencedEvent(long Id, DateTimeOffset Timestamp, RoomEvent Body, long OriginMemberId);
