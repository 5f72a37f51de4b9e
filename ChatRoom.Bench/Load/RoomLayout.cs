namespace ChatRoom.Bench.Load;

/// <summary>
/// Which room each member joins: member <c>i</c> of every process joins room <c>i mod R</c>
/// (<c>?room={prefix}-{i mod R}</c>), so the first K members, the senders, spread evenly over the
/// rooms and several processes with disjoint id ranges agree on every member's room. With no rooms
/// (the peers, which have one room) nobody names a room and everyone is in room 0.
/// </summary>
public sealed class RoomLayout
{
    private readonly int _rooms;
    private readonly string _prefix;

    public RoomLayout(int rooms, string prefix)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rooms);
        _rooms = rooms;
        _prefix = prefix;
    }

    /// <summary>Rooms counted: at least one, the server's default room when none is named.</summary>
    public int Count => Math.Max(1, _rooms);

    /// <summary>True when members name their room in the URL.</summary>
    public bool Named => _rooms > 0;

    public int RoomOf(int memberId) => _rooms <= 1 ? 0 : (int)((uint)memberId % (uint)_rooms);

    /// <summary>The room's name in <c>?room=</c>; null when members join the server's default room.</summary>
    public string? NameOf(int room) => Named ? $"{_prefix}-{room}" : null;

    /// <summary>Members of each room among <paramref name="count"/> members numbered from <paramref name="idBase"/>.</summary>
    public int[] MembersPerRoom(int idBase, int count)
    {
        var members = new int[Count];
        for (var i = 0; i < count; i++)
        {
            members[RoomOf(idBase + i)]++;
        }

        return members;
    }
}
