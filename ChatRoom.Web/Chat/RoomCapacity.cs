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

    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _taken) <= options.Value.MaxMembers)
        {
            return true;
        }

        Interlocked.Decrement(ref _taken);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _taken);
}
