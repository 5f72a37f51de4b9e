
using ChatRoom.Protocol;

namespace ChatRoom.Model;

/// <summary>Something that happens in the room and is broadcast to its members.</summary>
internal abstract record RoomEvent;

// Verified: the member concerned is signed in, and its name is its token's.
internal sealed record ChatMessage(string From, string Text, bool IsAction, bool Verified = false) : RoomEvent;

internal sealed record MemberJoined(string Name, int Online, bool Verified = false) : RoomEvent;

internal sealed record MemberLeft(string Name, int Online, bool Verified = false) : RoomEvent;

internal sealed record MemberRenamed(string From, string To) : RoomEvent;

internal sealed record Notice(string Text) : RoomEvent;

/// <summary>
/// A moderator acted on <paramref name="Target"/>; <paramref name="Minutes"/> is 0 for a kick or an unban.
/// A ban carries the <paramref name="BanKey"/> it holds (a subject or an address), so every instance
/// closes its members that share it; no wire format sends it.
/// </summary>
internal sealed record Moderated(ModerationAction Action, string Target, string By, int Minutes, string BanKey = "")
    : RoomEvent;

/// <summary>Message <paramref name="Target"/> was removed: nobody sees it any more.</summary>
internal sealed record MessageDeleted(long Target, string By) : RoomEvent;

/// <summary>
/// A room event with its place in the one conversation every member sees.
/// <paramref name="OriginMemberId"/> is the member that caused it (0 for none): it gets an ack
/// for its own message instead of the message, and does not receive its own join.
/// </summary>
internal sealed record SequencedEvent(long Id, DateTimeOffset Timestamp, RoomEvent Body, long OriginMemberId);
