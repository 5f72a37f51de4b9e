namespace ChatRoom.Chat;

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

/// <summary>A reply meant for one member only; it has no room sequence number.</summary>
public abstract record DirectReply;

/// <summary>
/// What a member gets on joining: the room as of <paramref name="Last"/>, the newest event id then.
/// <paramref name="Members"/> lists at most <see cref="Roster.MaxListed"/> names: a welcome must
/// stay small in a room of thousands. <paramref name="Resumed"/> is null when the member did not
/// ask to resume; when true, <paramref name="History"/> is exactly the events it missed.
/// </summary>
public sealed record Welcome(
    string You,
    int Online,
    IReadOnlyList<string> Members,
    IReadOnlyList<EncodedEvent> History,
    int MaxMessageBytes,
    string Epoch,
    long Last,
    bool? Resumed) : DirectReply
{
    /// <summary>On a resume: the history a joiner gets, for when the missed events do not fit (<see cref="WelcomeBudget"/>).</summary>
    public IReadOnlyList<EncodedEvent> UsualHistory { get; init; } = [];
}

/// <summary>The reply to /who: up to <see cref="Roster.MaxListed"/> names and the exact count.</summary>
public sealed record MemberList(IReadOnlyList<string> Members, int Online) : DirectReply;

/// <summary>How many are online, for members of a room too large to announce each join.</summary>
public sealed record Presence(int Online) : DirectReply;

/// <summary>A notice to this instance's members only, with no room id (the shutdown notice).</summary>
public sealed record ServerNotice(string Text) : DirectReply;

public sealed record HelpText(string Text) : DirectReply;

public sealed record ErrorReply(string Code, string Message) : DirectReply;
