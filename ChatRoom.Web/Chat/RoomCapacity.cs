using Microsoft.Extensions.Options;

namespace ChatRoom.Chat;

/// <summary>
/// Places in the room, reserved before a socket is accepted and released when it is gone, so a
/// full room refuses the upgrade with 503 and simultaneous joins can never overshoot.
/// </summary>
public sealed class RoomCapacity(IOptions<ChatOptions> options)
{
    private int _taken;

    public bool IsFull => Volatile.Read(ref _taken) >= options.Value.MaxMembers;

    /// <summary>Takes a place; null when the room is full. Disposing the place frees it.</summary>
    public RoomPlace? TryReserve()
    {
        if (Interlocked.Increment(ref _taken) <= options.Value.MaxMembers)
        {
            return new RoomPlace(this);
        }

        Interlocked.Decrement(ref _taken);
        return null;
    }

    private void Release() => Interlocked.Decrement(ref _taken);

    /// <summary>
    /// One taken place. Both the room (as it announces the member left) and the connection (when
    /// it ends, joined or not) free it; only the first counts.
    /// </summary>
    public sealed class RoomPlace(RoomCapacity capacity) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                capacity.Release();
            }
        }
    }
}
