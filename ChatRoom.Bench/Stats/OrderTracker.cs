namespace ChatRoom.Bench.Stats;

public enum Arrival
{
    InOrder,
    Duplicate,
    OutOfOrder,
}

/// <summary>
/// One receiving member's view of each sender's sequence: the highest number seen plus a 64-bit
/// window below it, enough to tell a duplicate from a late arrival without remembering every number.
/// Used only by that member's receive loop, so it needs no synchronisation.
/// </summary>
public sealed class OrderTracker
{
    private readonly int[] _highest;
    private readonly ulong[] _window;

    public OrderTracker(int senders)
    {
        _highest = new int[senders];
        _window = new ulong[senders];
        Array.Fill(_highest, -1);
    }

    public int Senders => _highest.Length;

    public void Reset()
    {
        Array.Fill(_highest, -1);
        Array.Clear(_window);
    }

    public Arrival Observe(int sender, int seq)
    {
        var high = _highest[sender];
        if (seq > high)
        {
            var gap = seq - high;
            _window[sender] = gap >= 64 ? 0 : (_window[sender] << gap) | (1UL << (gap - 1));
            _highest[sender] = seq;

            // A gap means some earlier message is missing for now; it is counted as loss or, if it
            // turns up later, as out of order.
            return Arrival.InOrder;
        }

        var back = high - seq;
        if (back == 0)
        {
            return Arrival.Duplicate;
        }

        if (back > 64)
        {
            return Arrival.OutOfOrder;
        }

        // Bit (back - 1) records whether seq = high - back was seen.
        var bit = 1UL << (back - 1);
        if ((_window[sender] & bit) != 0)
        {
            return Arrival.Duplicate;
        }

        _window[sender] |= bit;
        return Arrival.OutOfOrder;
    }
}
