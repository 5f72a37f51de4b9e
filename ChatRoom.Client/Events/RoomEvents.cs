namespace ChatRoom.Client;

/// <summary>Everything a <see cref="ChatClient"/> reports, in the order it happened.</summary>
public abstract record ChatEvent;

/// <summary>An event of the room's one conversation: it has the room's sequence number.</summary>
/// <param name="Id">
/// The room sequence number; every member sees events in this order. 0 for a notice to this
/// member alone (its server shutting down), which is outside the sequence and never replayed.
/// </param>
/// <param name="Timestamp">When the server sequenced the event.</param>
public abstract record RoomEvent(long Id, DateTimeOffset Timestamp) : ChatEvent;

/// <summary>A chat message, or an action (<c>/me waves</c>) when <paramref name="IsAction"/>.</summary>
public sealed record MessageEvent(long Id, DateTimeOffset Timestamp, string From, string Text, bool IsAction)
    : RoomEvent(Id, Timestamp);

/// <summary>A member joined; <paramref name="Online"/> counts it.</summary>
public sealed record JoinEvent(long Id, DateTimeOffset Timestamp, string Name, int Online) : RoomEvent(Id, Timestamp);

/// <summary>A member left; <paramref name="Online"/> no longer counts it.</summary>
public sealed record LeaveEvent(long Id, DateTimeOffset Timestamp, string Name, int Online) : RoomEvent(Id, Timestamp);

/// <summary>A member renamed itself with <c>/nick</c>.</summary>
public sealed record RenameEvent(long Id, DateTimeOffset Timestamp, string From, string To) : RoomEvent(Id, Timestamp);

/// <summary>A server notice (an operator's message, or the server shutting down).</summary>
public sealed record NoticeEvent(long Id, DateTimeOffset Timestamp, string Text) : RoomEvent(Id, Timestamp);

/// <summary>
/// A moderator kicked, muted, banned or unbanned <paramref name="Target"/>; <paramref name="Minutes"/>
/// for a mute or a ban.
/// </summary>
/// <param name="Action"><c>kick</c>, <c>mute</c>, <c>ban</c> or <c>unban</c>.</param>
public sealed record ModerationEvent(long Id, DateTimeOffset Timestamp, string Action, string Target, string By,
    int? Minutes) : RoomEvent(Id, Timestamp);

/// <summary>A moderator removed message <paramref name="Target"/>: a client that shows it removes it.</summary>
public sealed record DeleteEvent(long Id, DateTimeOffset Timestamp, long Target, string By) : RoomEvent(Id, Timestamp);

/// <summary>How many are online, in rooms too large to announce every join and leave.</summary>
public sealed record PresenceEvent(int Online) : ChatEvent;

/// <summary>Who is online: the answer to <c>/who</c>.</summary>
/// <param name="Members">Up to 100 names (the server lists no more).</param>
/// <param name="Online">The exact count.</param>
public sealed record MembersEvent(IReadOnlyList<string> Members, int Online) : ChatEvent;

/// <summary>The open rooms: the answer to <c>/rooms</c>.</summary>
/// <param name="Rooms">Up to 100 rooms, most members first (the server lists no more).</param>
/// <param name="Total">How many rooms are open.</param>
public sealed record RoomsEvent(IReadOnlyList<RoomCount> Rooms, int Total) : ChatEvent;

/// <summary>One open room and how many are in it.</summary>
/// <param name="Name">The room's name as the server shows it (lower case).</param>
public sealed record RoomCount(string Name, int Online);

/// <summary>The command list: the answer to <c>/help</c>.</summary>
public sealed record HelpEvent(string Text) : ChatEvent;

/// <summary>An error from the server that answers no pending send (those throw from the send instead).</summary>
/// <param name="Code">One of docs/protocol.md's error codes, e.g. <c>rate_limited</c>.</param>
public sealed record ErrorEvent(string Code, string Message) : ChatEvent;
