using ChatRoom.Model;
using ChatRoom.Wire;

namespace ChatRoom.Rooms;

/// <summary>
/// What the room remembers: the last messages (the history a joiner sees) and the last broadcast
/// events of every kind (the resume window). Both keep their encodings, so a replay encodes nothing.
/// A deleted message leaves both; the window still counts as complete from where it was.
/// </summary>
/// <remarks>
/// The reader alone changes it; the lock is for <see cref="HoldsMessage"/>, which a moderator's
/// session asks on its own thread (uncontended otherwise: one reader).
/// </remarks>
internal sealed class RecentEvents(int historySize, int resumeWindow)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<EncodedEvent> _history = new();
    private readonly LinkedList<EncodedEvent> _window = new();

    /// <summary>The oldest id the window holds every remaining event from; null while empty.</summary>
    private long? _windowFrom;

    public void Record(EncodedEvent encoded)
    {
        lock (_gate)
        {
            if (encoded.Event.Body is ChatMessage)
            {
                Keep(_history, encoded, historySize);
            }

            _windowFrom ??= encoded.Event.Id;
            if (Keep(_window, encoded, resumeWindow) is { } evicted)
            {
                _windowFrom = evicted + 1;
            }
        }
    }

    /// <summary>A message older than the window: for history only, so the window keeps no gap.</summary>
    public void RecordHistory(EncodedEvent encoded)
    {
        lock (_gate)
        {
            Keep(_history, encoded, historySize);
        }
    }

    /// <summary>Whether message <paramref name="id"/> is still in history or the window: what a delete removes.</summary>
    public bool HoldsMessage(long id)
    {
        lock (_gate)
        {
            return Find(_history, id) is not null || Find(_window, id) is { Value.Event.Body: ChatMessage };
        }
    }

    /// <summary>Message <paramref name="id"/> leaves history and the window (a moderator deleted it).</summary>
    public void Remove(long id)
    {
        lock (_gate)
        {
            if (Find(_history, id) is { } inHistory)
            {
                _history.Remove(inHistory);
            }

            if (Find(_window, id) is { Value.Event.Body: ChatMessage } inWindow)
            {
                _window.Remove(inWindow);
            }
        }
    }

    public EncodedEvent[] History()
    {
        lock (_gate)
        {
            return [.. _history];
        }
    }

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

        lock (_gate)
        {
            if (since + 1 < (_windowFrom ?? last + 1))
            {
                return false;
            }

            missed = [.. _window.Where(e => e.Event.Id > since)];
            return true;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _history.Clear();
            _window.Clear();
            _windowFrom = null;
        }
    }

    /// <summary>Newest last; the id of the event that made room for it, if one did.</summary>
    private static long? Keep(LinkedList<EncodedEvent> kept, EncodedEvent encoded, int capacity)
    {
        if (capacity == 0)
        {
            return null;
        }

        long? evicted = null;
        if (kept.Count == capacity)
        {
            evicted = kept.First!.Value.Event.Id;
            kept.RemoveFirst();
        }

        kept.AddLast(encoded);
        return evicted;
    }

    // Newest first: a moderator deletes what was just said far more often than what is old.
    private static LinkedListNode<EncodedEvent>? Find(LinkedList<EncodedEvent> kept, long id)
    {
        for (var node = kept.Last; node is not null; node = node.Previous)
        {
            if (node.Value.Event.Id == id)
            {
                return node;
            }
        }

        return null;
    }
}
