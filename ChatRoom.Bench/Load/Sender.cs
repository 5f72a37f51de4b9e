using System.Diagnostics;
using System.Net.WebSockets;
using ChatRoom.Bench.Wire;

namespace ChatRoom.Bench.Load;

/// <summary>
/// Drives one member's outgoing messages: open loop at a fixed rate, or closed loop (the next
/// message only once the previous one reached every other member). One reused payload buffer:
/// only the marker at its start is rewritten.
/// </summary>
public sealed class Sender
{
    private readonly Member _member;
    private readonly ClosedLoopGate? _gate;
    private readonly byte[] _payload;
    private int _seq;

    public Sender(Member member, int size, ClosedLoopGate? gate)
    {
        _member = member;
        _gate = gate;
        _payload = new byte[size];

        // Filler that every server passes through untouched (no spaces to trim, no control characters).
        _payload.AsSpan().Fill((byte)'x');
    }

    public int Id => _member.Id;

    public int Room => _member.Room;

    public long Sent { get; private set; }

    public long Failed { get; private set; }

    /// <summary>Starts a phase: sequence numbers restart so measured ones begin at 0.</summary>
    public void BeginPhase()
    {
        _seq = 0;
        Sent = 0;
    }

    /// <summary>
    /// Open loop: sends at <paramref name="rate"/> per second from <paramref name="offset"/> (spreads
    /// senders over the period) until <paramref name="duration"/> has passed since <paramref name="startTicks"/>.
    /// </summary>
    public async Task RunOpenLoopAsync(byte phase, double rate, long startTicks, TimeSpan offset, TimeSpan duration, CancellationToken ct)
    {
        var period = TimeSpan.FromSeconds(Math.Max(0.001, Math.Min(1.0 / rate, 0.05)));
        using var timer = new PeriodicTimer(period);
        var first = startTicks + (long)(offset.TotalSeconds * Stopwatch.Frequency);
        while (!ct.IsCancellationRequested && _member.IsOpen)
        {
            var now = Stopwatch.GetTimestamp();
            if (Stopwatch.GetElapsedTime(startTicks, now) >= duration)
            {
                return;
            }

            // How many messages are due by now: catching up after a late tick keeps the offered rate
            // honest instead of silently sending less when the machine is busy.
            var due = now < first ? 0 : 1 + (long)((now - first) * rate / Stopwatch.Frequency);
            while (Sent < due && !ct.IsCancellationRequested)
            {
                if (!await SendOneAsync(phase, ct))
                {
                    return;
                }
            }

            if (!await timer.WaitForNextTickAsync(ct))
            {
                return;
            }
        }
    }

    /// <summary>Closed loop: send, wait for every copy, repeat until the duration has passed.</summary>
    public async Task RunClosedLoopAsync(byte phase, Func<int> receivers, long startTicks, TimeSpan duration, CancellationToken ct)
    {
        var gate = _gate ?? throw new InvalidOperationException("closed loop needs a gate");
        while (!ct.IsCancellationRequested && Stopwatch.GetElapsedTime(startTicks) < duration &&
               _member.IsOpen)
        {
            var expected = receivers();
            if (expected > 0)
            {
                gate.Arm(new Marker(phase, Id, _seq, 0).Key, expected);
            }

            if (!await SendOneAsync(phase, ct))
            {
                gate.Release();
                return;
            }

            if (expected > 0)
            {
                await gate.WaitAsync();
            }
        }
    }

    private async ValueTask<bool> SendOneAsync(byte phase, CancellationToken ct)
    {
        var marker = new Marker(phase, Id, _seq, Stopwatch.GetTimestamp());
        var length = marker.WriteTo(_payload);

        // Clear what a longer previous marker left behind, so no stray '@' remains.
        _payload.AsSpan(length, Math.Min(Marker.MaxLength, _payload.Length) - length).Fill((byte)'x');
        try
        {
            await _member.SendTextAsync(_payload.AsMemory(), ct);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            Failed++;
            return false;
        }

        _seq++;
        Sent++;
        return true;
    }
}
