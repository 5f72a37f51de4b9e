namespace ChatRoom.Rooms;

/// <summary>
/// Holds a room open on this instance while a member is in it (or an API call posts to it);
/// disposing it lets the directory count the room empty again. Disposed once.
/// </summary>
internal sealed class RoomLease(RoomDirectory directory, OpenRoom room, bool member) : IDisposable
{
    private int _released;

    public OpenRoom Room { get; } = room;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            directory.Release(Room, member);
        }
    }
}
