namespace ChatRoom.Chat;

/// <summary>
/// Carries room events to every member. This is the seam for a backplane: a Redis bus would take
/// sequence numbers from Redis and run <see cref="RoomFanOut"/> on each server for each event.
/// </summary>
public interface IRoomBus
{
    /// <summary>
    /// Gives <paramref name="body"/> the room's next sequence number and delivers it. The room
    /// calls this under its lock, so events are published one at a time, in order.
    /// </summary>
    void Publish(RoomEvent body, long originMemberId = 0);
}

/// <summary>One server, one room: sequence here and fan out at once.</summary>
public sealed class InProcessRoomBus(RoomFanOut fanOut, TimeProvider time) : IRoomBus
{
    private long _lastId;

    public void Publish(RoomEvent body, long originMemberId = 0) =>
        fanOut.Deliver(new SequencedEvent(++_lastId, time.GetUtcNow(), body, originMemberId));
}
