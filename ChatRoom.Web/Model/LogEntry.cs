
namespace ChatRoom.Model;

/// <summary>A member anywhere in the room: the instance that holds its socket, and its id there.</summary>
internal readonly record struct MemberKey(string Instance, long Id)
{
    public override string ToString() => $"{Instance}:{Id}";
}

/// <summary>
/// One decided change to the room. <paramref name="Position"/> orders every entry; <paramref name="Id"/>
/// is the room event id members see, 0 for a change that is not broadcast (a join or leave in a
/// large room). <paramref name="Member"/> is the member concerned, if any.
/// </summary>
internal sealed record LogEntry(long Position, long Id, DateTimeOffset Timestamp, RoomEvent Event, MemberKey? Member)
{
    public bool IsBroadcast => Id != 0;
}

/// <summary>
/// The room as of <paramref name="Position"/>: who is in it (longest present first), and the
/// recent broadcast entries a reader needs for history and resume, oldest first, with no gap in
/// their ids (the resume window). <see cref="EarlierMessages"/> are history messages older than
/// those (history reaches further back than the window when most events are not messages).
/// </summary>
internal sealed record RoomSnapshot(
    string Epoch,
    long Position,
    long LastId,
    long MessageCount,
    IReadOnlyList<KeyValuePair<MemberKey, string>> Members,
    IReadOnlyList<LogEntry> Recent)
{
    public IReadOnlyList<LogEntry> EarlierMessages { get; init; } = [];

    /// <summary>The members among <see cref="Members"/> who are signed in.</summary>
    public IReadOnlySet<MemberKey> Verified { get; init; } = new HashSet<MemberKey>();

    public static RoomSnapshot Empty(string epoch) => new(epoch, 0, 0, 0, [], []);
}
