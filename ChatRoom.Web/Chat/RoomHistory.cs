namespace ChatRoom.Chat;

/// <summary>The last N messages and actions, replayed to each member who joins.</summary>
public sealed class RoomHistory(int capacity)
{
    private readonly Queue<EncodedEvent> _recent = new(capacity);

    public void Record(EncodedEvent message)
    {
        if (capacity == 0)
        {
            return;
        }

        if (_recent.Count == capacity)
        {
            _recent.Dequeue();
        }

        _recent.Enqueue(message);
    }

    public EncodedEvent[] Snapshot() => [.. _recent];
}
