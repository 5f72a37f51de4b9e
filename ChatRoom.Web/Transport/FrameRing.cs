
namespace ChatRoom.Transport;

/// <summary>
/// A member's queued frames, oldest first: a ring that grows by doubling. Not thread-safe: the
/// <see cref="Outbox"/> holds its lock around every call.
/// </summary>
/// <remarks>
/// Not a <see cref="System.Collections.Concurrent.ConcurrentQueue{T}"/>: its smallest segment is 32
/// slots (≈ 0.8 KB per member) and it keeps the largest segment a burst grew it to, so 10,000 idle
/// members held 8–30 MB of empty queue after their join storm. This one starts at 4 slots and gives
/// its array back when a burst has drained.
/// </remarks>
internal sealed class FrameRing
{
    private const int InitialCapacity = 4;
    private const int KeptCapacity = 16;

    private ReadOnlyMemory<byte>[] _items = new ReadOnlyMemory<byte>[InitialCapacity];
    private int _head;

    public int Count { get; private set; }

    public void Add(ReadOnlyMemory<byte> frame)
    {
        if (Count == _items.Length)
        {
            Grow();
        }

        _items[(_head + Count) & (_items.Length - 1)] = frame;
        Count++;
    }

    /// <summary>
    /// Puts a frame before every frame queued: the welcome, which goes ahead of the events queued
    /// since the join.
    /// </summary>
    public void AddFirst(ReadOnlyMemory<byte> frame)
    {
        if (Count == _items.Length)
        {
            Grow();
        }

        _head = (_head - 1) & (_items.Length - 1);
        _items[_head] = frame;
        Count++;
    }

    /// <summary>
    /// Moves the oldest frames into <paramref name="into"/>: at least one, then as many as fit in
    /// <paramref name="maxBytes"/>.
    /// </summary>
    /// <returns>How many were taken (0 when empty), and their <paramref name="bytes"/>.</returns>
    public int Take(Span<ReadOnlyMemory<byte>> into, int maxBytes, out long bytes)
    {
        var taken = 0;
        bytes = 0;
        var mask = _items.Length - 1;
        while (taken < into.Length && taken < Count)
        {
            ref var slot = ref _items[(_head + taken) & mask];
            if (taken > 0 && bytes + slot.Length > maxBytes)
            {
                break;
            }

            bytes += slot.Length;
            into[taken++] = slot;

            // Cleared so a sent frame is not kept alive by the slot it left.
            slot = default;
        }

        _head = (_head + taken) & mask;
        Count -= taken;
        if (Count == 0)
        {
            _head = 0;
            if (_items.Length > KeptCapacity)
            {
                _items = new ReadOnlyMemory<byte>[InitialCapacity];
            }
        }

        return taken;
    }

    /// <summary>Drops every frame; returns their bytes.</summary>
    public long Clear()
    {
        var bytes = 0L;
        var mask = _items.Length - 1;
        for (var i = 0; i < Count; i++)
        {
            bytes += _items[(_head + i) & mask].Length;
        }

        _items = new ReadOnlyMemory<byte>[InitialCapacity];
        _head = 0;
        Count = 0;
        return bytes;
    }

    private void Grow()
    {
        var bigger = new ReadOnlyMemory<byte>[_items.Length * 2];
        var mask = _items.Length - 1;
        for (var i = 0; i < Count; i++)
        {
            bigger[i] = _items[(_head + i) & mask];
        }

        _items = bigger;
        _head = 0;
    }
}
