using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using ChatRoom.Bench.Stats;
using ChatRoom.Bench.Wire;

namespace ChatRoom.Bench.Load;

/// <summary>One chat member: a WebSocket and the loop that reads and checks what the room sends it.</summary>
public sealed class Member : IDisposable
{
    private readonly RunContext _run;
    private readonly OrderTracker _order;
    private Task _receiving = Task.CompletedTask;

    public Member(RunContext run, int id)
    {
        _run = run;
        Id = id;
        _order = new OrderTracker(run.Options.TrackedSenders);
        Socket = new ClientWebSocket();

        // No client-initiated pings: every server here pings (or not) on its own, and a timer per
        // member costs memory at 20,000 members. Pongs to server pings are still answered.
        Socket.Options.KeepAliveInterval = TimeSpan.Zero;

        // A hint only: ManagedWebSocket reads payloads straight into the caller's buffer.
        Socket.Options.SetBuffer(256, 256);
    }

    public int Id { get; }

    public ClientWebSocket Socket { get; }

    public bool Connected { get; private set; }

    /// <summary>Why the room closed this member while the run was still going, if it did.</summary>
    public string? LostReason { get; private set; }

    public Task Receiving => _receiving;

    public async Task ConnectAsync(Uri url, HttpMessageInvoker invoker, CancellationToken ct)
    {
        await Socket.ConnectAsync(url, invoker, ct);
        Connected = true;
        _run.MemberOpened();
    }

    public void StartReceiving(CancellationToken ct) => _receiving = ReceiveLoopAsync(ct);

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var options = _run.Options;
        byte[]? buffer = null;
        var kept = 0;
        var atBoundary = true;
        try
        {
            while (true)
            {
                if (options.ZeroByteReads && atBoundary)
                {
                    // Wait for data without holding a buffer: an idle member then costs no receive memory.
                    var peek = await Socket.ReceiveAsync(Memory<byte>.Empty, ct);
                    if (peek.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }
                }

                buffer ??= ArrayPool<byte>.Shared.Rent(options.ReceiveBufferSize);
                var result = await Socket.ReceiveAsync(buffer.AsMemory(kept), ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                var stats = _run.Stats.Current;
                stats.Bytes += result.Count;
                var filled = kept + result.Count;
                var position = 0;
                var now = Stopwatch.GetTimestamp();
                while (MarkerScanner.Next(buffer.AsSpan(0, filled), ref position, out var marker) == ScanStatus.Found)
                {
                    OnMarker(marker, now, stats);
                }

                atBoundary = result.EndOfMessage;
                if (atBoundary)
                {
                    stats.Frames++;
                    kept = 0;
                    if (options.ZeroByteReads)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                    }
                }
                else
                {
                    // Keep a marker cut in half by the buffer edge for the next piece of this frame.
                    kept = filled - position;
                    if (kept > Marker.MaxLength)
                    {
                        kept = 0;
                    }

                    buffer.AsSpan(position, kept).CopyTo(buffer);
                }
            }

            if (!_run.ShuttingDown)
            {
                LostReason = $"closed by server: {Socket.CloseStatus} {Socket.CloseStatusDescription}";
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (WebSocketException e) when (!_run.ShuttingDown)
        {
            LostReason = $"{e.WebSocketErrorCode}: {e.Message}";
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _run.MemberClosed();
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void OnMarker(in Marker marker, long now, ThreadStats stats)
    {
        if (marker.Ticks < _run.StartTicks)
        {
            stats.Stale++;
            return;
        }

        var echo = _run.Options.Echo;
        if (marker.Sender == Id && !echo)
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
        }

        if ((uint)marker.Sender < (uint)gates.Length)
        {
            gates[marker.Sender]?.Delivered(marker.Key);
        }
    }

    public void Dispose() => Socket.Dispose();
}
