using ChatRoom.Model;

namespace ChatRoom.Wire;

/// <summary>A reply meant for one member only; it has no room sequence number.</summary>
internal abstract record DirectReply;

/// <summary>
/// What a member gets on joining: the room as of <paramref name="Last"/>, the newest event id then.
/// <paramref name="Members"/> lists at most <c>Roster.MaxListed</c> names: a welcome must
/// stay small in a room of thousands. <paramref name="Resumed"/> is null when the member did not
/// ask to resume; when true, <paramref name="History"/> is exactly the events it missed.
/// </summary>
internal sealed record Welcome(
    string You,
    int Online,
    IReadOnlyList<string> Members,
    IReadOnlyList<EncodedEvent> History,
    int MaxMessageBytes,
    string Epoch,
    long Last,
    bool? Resumed) : DirectReply
{
    /// <summary>The joiner is signed in: its name is its token's.</summary>
    public bool Verified { get; init; }

    /// <summary>
    /// On a resume: the history a joiner gets, for when the missed events do not fit
    /// (<see cref="WelcomeBudget"/>).
    /// </summary>
    public IReadOnlyList<EncodedEvent> UsualHistory { get; init; } = [];

    /// <summary>The room joined, as the server shows its name.</summary>
    public string Room { get; init; } = "";

    /// <summary>The default room's plain-text welcome reads as it did before there were rooms.</summary>
    public bool InDefaultRoom { get; init; } = true;

    /// <summary>Whether the member may moderate the room (JSON <c>"moderator":true</c>).</summary>
    public bool Moderator { get; init; }
}

/// <summary>The reply to /rooms: the open rooms with the most members (at most 100) and how many there are.</summary>
internal sealed record RoomList(IReadOnlyList<RoomCount> Rooms, int Total) : DirectReply;

/// <summary>One room in a listing: its name and how many are in it.</summary>
internal sealed record RoomCount(string Name, int Online);

/// <summary>The reply to /who: up to <c>Roster.MaxListed</c> names and the exact count.</summary>
internal sealed record MemberList(IReadOnlyList<string> Members, int Online) : DirectReply;

/// <summary>How many are online, for members of a room too large to announce each join.</summary>
internal sealed record Presence(int Online) : DirectReply;

/// <summary>A notice to this instance's members only, with no room id (the shutdown notice).</summary>
internal sealed record ServerNotice(string Text) : DirectReply;

internal sealed record HelpText(string Text) : DirectReply;

internal sealed record ErrorReply(string Code, string Message) : DirectReply;
