using ChatRoom.Model;
using ChatRoom.Wire;

namespace ChatRoom.Rooms;

/// <summary>
/// What the room remembers: the last messages (the history a joiner sees) and the last broadcast
/// events of every kind (the resume window). Both keep their encodings, so a replay encodes nothing.
/// </summary>
internal sealed class RecentEvents(int historySize, int resumeWindow)
{
    // Grown as events come rather than allocated whole: a room is opened by whoever names it, and
    // most rooms never fill a window of 1000 (8 KiB of references kept empty per room otherwise).
    private readonly Queue<EncodedEvent> _history = new();
    private readonly Queue<EncodedEvent> _window = new();

    public void Record(EncodedEvent encoded)
    {
        if (encoded.Event.Body is ChatMessage)
        {
            Keep(_history, encoded, historySize);
        }

        Keep(_window, encoded, resumeWindow);
    }

    /// <summary>A message older than the window: for history only, so the window keeps no gap.</summary>
    public void RecordHistory(EncodedEvent encoded) => Keep(_history, encoded, historySize);

    public EncodedEvent[] History() => [.. _history];

    /// <summary>
    /// The events after <paramref name="since"/> up to the newest, when the window still holds all
    /// of them; false when some are gone (or resume is off).
    /// </summary>
    public bool TryGetSince(long since, long last, out EncodedEvent[] missed)
    {
        missed = [];
        if (resumeWindow == 0 || since > last || since < 0)
        {
            return false;
        }

        var oldest = _window.TryPeek(out var first) ? first.Event.Id : last + 1;
        if (since + 1 < oldest)
        {
            return false;
        }

        missed = [.. _window.Where(e => e.Event.Id > since)];
        return true;
    }

    public void Clear()
    {
        _history.Clear();
        _window.Clear();
    }

    private static void Keep(Queue<EncodedEvent> queue, EncodedEvent encoded, int capacity)
    {
        if (capacity == 0)
        {
            return;
        }

        if (queue.Count == capacity)
        {
            queue.Dequeue();
        }

        queue.Enqueue(encoded);
    }
}
