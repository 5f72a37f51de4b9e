using System.Diagnostics;
using ChatRoom.Bench.Stats;
using ChatRoom.Bench.Wire;

namespace ChatRoom.Bench.Load;

/// <summary>
/// What one member makes of each marker it receives: a replay of an earlier run, another room's
/// message, its own echo, a warm-up copy, or a measured delivery with its latency and order.
/// Either receive path hands its markers here, so both count the same way.
/// </summary>
public sealed class DeliveryCheck
{
    private readonly RunContext _run;
    private readonly OrderTracker _order;
    private readonly int _id;
    private readonly int _room;
    private long _received;

    public DeliveryCheck(RunContext run, int id, int room)
    {
        _run = run;
        _id = id;
        _room = room;
        _order = new OrderTracker(run.Options.TrackedSenders);
    }

    /// <summary>Measured copies this member received (read once the run has drained).</summary>
    public long Received => Volatile.Read(ref _received);

    public void OnMarker(in Marker marker, long now, ThreadStats stats)
    {
        if (marker.Ticks < _run.StartTicks)
        {
            stats.Stale++;
            return;
        }

        if (_run.Layout.RoomOf(marker.Sender) != _room)
        {
            if (marker.Phase != Marker.Warmup)
            {
                stats.CrossRoom++;
            }

            return;
        }

        var echo = _run.Options.Echo;
        if (marker.Sender == _id && !echo)
        {
            stats.SelfReceived++;
            return;
        }

        var gates = _run.Gates;
        if (marker.Phase == Marker.Warmup)
        {
            stats.WarmupReceived++;
        }
        else
        {
            var micros = (now - marker.Ticks) * 1_000_000 / Stopwatch.Frequency;
            stats.Latency.Record(micros);
            if ((uint)marker.Sender < (uint)_order.Senders)
            {
                switch (_order.Observe(marker.Sender, marker.Seq))
                {
                    case Arrival.Duplicate:
                        stats.Duplicates++;
                        return;
                    case Arrival.OutOfOrder:
                        stats.OrderViolations++;
                        break;
                }

                if (marker.Seq > stats.MaxSeq[marker.Sender])
                {
                    stats.MaxSeq[marker.Sender] = marker.Seq;
                }
            }
            else
            {
                stats.Untracked++;
            }

            stats.Received++;
            _received++;
        }

        if ((uint)marker.Sender < (uint)gates.Length)
        {
            gates[marker.Sender]?.Delivered(marker.Key);
        }
    }
}
