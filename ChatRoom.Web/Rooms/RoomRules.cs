using ChatRoom.Model;
using ChatRoom.Names;

namespace ChatRoom.Rooms;

/// <summary>
/// Which rooms there may be, from the configuration: the default room, the closed set
/// <c>Chat:Rooms</c> (when set, no other room exists), <c>Chat:MaxRooms</c> and <c>Chat:EmptyRoomTtl</c>.
/// </summary>
internal sealed class RoomRules
{
    private readonly HashSet<RoomName> _kept;

    private RoomRules(RoomName defaultRoom, HashSet<RoomName> kept, bool closed, int maxRooms, TimeSpan ttl)
    {
        Default = defaultRoom;
        _kept = kept;
        IsClosed = closed;
        MaxRooms = maxRooms;
        EmptyRoomTtl = ttl;
    }

    public RoomName Default { get; }

    /// <summary>True when <c>Chat:Rooms</c> lists the only rooms there are.</summary>
    public bool IsClosed { get; }

    public int MaxRooms { get; }

    public TimeSpan EmptyRoomTtl { get; }

    /// <summary>The rooms open from start-up to shutdown: the default room and those of <c>Chat:Rooms</c>.</summary>
    public IReadOnlyCollection<RoomName> Kept => _kept;

    public static RoomRules From(ChatOptions options)
    {
        var defaultRoom = RoomName.Parse(options.DefaultRoom);
        var kept = new HashSet<RoomName> { defaultRoom };
        foreach (var name in options.Rooms)
        {
            kept.Add(RoomName.Parse(name));
        }

        return new RoomRules(defaultRoom, kept, options.Rooms.Length > 0, options.MaxRooms, options.EmptyRoomTtl);
    }

    /// <summary>The problem with the configured room names, for start-up validation; null when there is none.</summary>
    public static string? Problem(ChatOptions options)
    {
        foreach (var name in options.Rooms.Prepend(options.DefaultRoom))
        {
            if (!RoomName.TryParse(name, out _, out var problem))
            {
                return $"Chat:DefaultRoom and Chat:Rooms: '{name}' is not a room name ({problem})";
            }
        }

        var distinct = options.Rooms.Prepend(options.DefaultRoom).Select(RoomName.Parse).Distinct().Count();
        return distinct > options.MaxRooms
            ? $"Chat:MaxRooms ({options.MaxRooms}) must hold the default room and Chat:Rooms ({distinct} rooms)"
            : null;
    }

    public bool MayExist(RoomName name) => !IsClosed || _kept.Contains(name);

    public bool IsKept(RoomName name) => _kept.Contains(name);
}
