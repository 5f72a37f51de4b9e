using ChatRoom.Wire;

namespace ChatRoom.Rooms;

/// <summary>
/// The rooms open on this instance, most members first (then by name): the top
/// <see cref="IRoomList.MaxListed"/> picked with a heap of that size, so a listing costs
/// O(rooms · log 100) however often it is asked for, with <c>Chat:MaxRooms</c> bounding rooms.
/// </summary>
internal sealed class LocalRoomList(RoomDirectory directory) : IRoomList
{
    public ValueTask<RoomList> ListAsync(CancellationToken cancellationToken)
    {
        var rooms = directory.All;
        var top = new PriorityQueue<RoomCount, RoomCount>(IRoomList.MaxListed + 1, LeastFirst.Instance);
        foreach (var room in rooms)
        {
            var count = new RoomCount(room.Name.Value, room.Room.Roster.Online);
            top.Enqueue(count, count);
            if (top.Count > IRoomList.MaxListed)
            {
                top.Dequeue();
            }
        }

        var listed = new RoomCount[top.Count];
        for (var i = listed.Length - 1; i >= 0; i--)
        {
            listed[i] = top.Dequeue();
        }

        return ValueTask.FromResult(new RoomList(listed, rooms.Length));
    }

    /// <summary>The heap's order: the room to drop first (fewest members, then last by name) on top.</summary>
    private sealed class LeastFirst : IComparer<RoomCount>
    {
        public static readonly LeastFirst Instance = new();

        public int Compare(RoomCount? x, RoomCount? y) =>
            x!.Online != y!.Online ? x.Online.CompareTo(y.Online) : string.CompareOrdinal(y.Name, x.Name);
    }
}
