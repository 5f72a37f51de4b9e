using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using ChatRoom.Bench.Stats;
using ChatRoom.Bench.Wire;

namespace ChatRoom.Bench.Load;

/// <summary>
/// One chat member: a connection and the loop that reads and checks what the room sends it. By
/// default the connection is a <see cref="RawConnection"/> whose frames are parsed here;
/// <c>--client-websocket</c> uses <see cref="ClientWebSocket"/> instead, for comparison.
/// </summary>
public sealed class Member : IDisposable, IFrameHandler, IMarkerSink
{
    private readonly RunContext _run;
    private readonly OrderTracker _order;
    private Task _receiving = Task.CompletedTask;
    private RawConnection? _raw;
    private FrameReader _frames;
    private PayloadScanner _scanner;
    private ThreadStats? _stats;
    private long _now;
    private byte[]? _pendingPong;
    private string? _closeReason;
    private volatile bool _ended;
    private long _received;

    public Member(RunContext run, int id)
    {
        _run = run;
        Id = id;
        Room = run.Layout.RoomOf(id);
        _order = new OrderTracker(run.Options.TrackedSenders);
        if (run.Options.ClientWebSocket)
        {
            Socket = new ClientWebSocket();

            // No client-initiated pings: every server here pings (or not) on its own, and a timer per
            // member costs memory at 20,000 members. Pongs to server pings are still answered.
            Socket.Options.KeepAliveInterval = TimeSpan.Zero;

            // A hint only: ManagedWebSocket reads payloads straight into the caller's buffer.
            Socket.Options.SetBuffer(256, 256);
        }
    }

    public int Id { get; }

    /// <summary>The room this member joins (<see cref="RoomLayout"/>).</summary>
    public int Room { get; }

    /// <summary>Measured copies this member received (read once the run has drained).</summary>
    public long Received => Volatile.Read(ref _received);

    /// <summary>Only with <c>--client-websocket</c>.</summary>
    public ClientWebSocket? Socket { get; }

    public bool Connected { get; private set; }

    /// <summary>Connected, and neither side has started closing.</summary>
    public bool IsOpen => Socket is not null
        ? Socket.State == WebSocketState.Open
        : _raw is not null && !_ended && !_raw.CloseSent && !_frames.CloseReceived;

    /// <summary>Why the room closed this member while the run was still going, if it did.</summary>
    public string? LostReason { get; private set; }

    public Task Receiving => _receiving;

    public async Task ConnectAsync(Uri url, HttpMessageInvoker invoker, CancellationToken ct)
    {
        if (Socket is not null)
        {
            await Socket.ConnectAsync(url, invoker, ct);
        }
        else
        {
            _raw = await RawConnection.ConnectAsync(url, ct);
        }

        Connected = true;
        _run.MemberOpened(Room);
    }

    /// <summary>One text message in one frame; throws <see cref="WebSocketException"/> when the connection is gone.</summary>
    public ValueTask SendTextAsync(ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        if (Socket is not null)
        {
            return Socket.SendAsync(payload, WebSocketMessageType.Text, true, ct);
        }

        return _raw is null
            ? throw new WebSocketException(WebSocketError.InvalidState, "not connected")
            : _raw.SendAsync(FrameReader.Text, payload, ct);
    }

    /// <summary>Starts a polite close (normal closure); the receive loop ends when the server answers.</summary>
    public Task CloseOutputAsync(CancellationToken ct) =>
        Socket is not null
            ? Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct)
            : _raw?.CloseAsync(1000, ct).AsTask() ?? Task.CompletedTask;

    public void Abort()
    {
        Socket?.Abort();
        _raw?.Abort();
    }

    public void StartReceiving(CancellationToken ct) =>
        _receiving = Socket is not null ? ReceiveLoopAsync(Socket, ct) : RawReceiveLoopAsync(_raw!, ct);

    private async Task ReceiveLoopAsync(ClientWebSocket socket, CancellationToken ct)
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
                    var peek = await socket.ReceiveAsync(Memory<byte>.Empty, ct);
                    if (peek.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }
                }

                buffer ??= ArrayPool<byte>.Shared.Rent(options.ReceiveBufferSize);
                var result = await socket.ReceiveAsync(buffer.AsMemory(kept), ct);
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
                LostReason = $"closed by server: {socket.CloseStatus} {socket.CloseStatusDescription}";
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
            _run.MemberClosed(Room);
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// The raw receive path: read bytes, parse frames in place, scan text payloads for markers.
    /// Same buffer discipline as the ClientWebSocket path: with zero-byte reads a member holds a
    /// pooled buffer only while a frame is partly read.
    /// </summary>
    private async Task RawReceiveLoopAsync(RawConnection connection, CancellationToken ct)
    {
        var options = _run.Options;
        var socket = connection.Socket;
        byte[]? buffer = null;
        var kept = 0;
        try
        {
            while (true)
            {
                int n;
                if (connection.Leftover is { } leftover)
                {
                    connection.Leftover = null;
                    buffer = ArrayPool<byte>.Shared.Rent(Math.Max(options.ReceiveBufferSize, leftover.Length));
                    leftover.CopyTo(buffer, 0);
                    n = leftover.Length;
                }
                else
                {
                    if (options.ZeroByteReads && kept == 0 && buffer is null)
                    {
                        // Wait for data without holding a buffer: an idle member then costs no receive memory.
                        await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, ct);
                    }

                    buffer ??= ArrayPool<byte>.Shared.Rent(options.ReceiveBufferSize);
                    if (kept == buffer.Length)
                    {
                        throw new WebSocketException(WebSocketError.Faulted, "no progress: a kept partial frame fills the receive buffer");
                    }

                    n = await socket.ReceiveAsync(buffer.AsMemory(kept), SocketFlags.None, ct);
                    if (n == 0)
                    {
                        _closeReason ??= "connection closed without a close frame";
                        break;
                    }
                }

                var stats = _run.Stats.Current;
                stats.Bytes += n;
                var filled = kept + n;
                _stats = stats;
                _now = Stopwatch.GetTimestamp();
                var used = _frames.Process(buffer.AsSpan(0, filled), this);
                _stats = null;

                if (_pendingPong is { } pong)
                {
                    _pendingPong = null;
                    await connection.SendAsync(FrameReader.Pong, pong, ct);
                }

                if (_frames.CloseReceived)
                {
                    // Answer the server's close (RFC 6455 §5.5.1) unless ours already went out.
                    try
                    {
                        await connection.CloseAsync(1000, ct);
                    }
                    catch (WebSocketException)
                    {
                    }

                    break;
                }

                kept = filled - used;
                if (kept > 0)
                {
                    buffer.AsSpan(used, kept).CopyTo(buffer);
                }
                else if (options.ZeroByteReads)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }
            }

            if (!_run.ShuttingDown)
            {
                LostReason = _closeReason is null ? "closed by server" : $"closed by server: {_closeReason}";
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is WebSocketException or SocketException or ObjectDisposedException)
        {
            if (!_run.ShuttingDown)
            {
                LostReason = e.Message;
            }
        }
        finally
        {
            _ended = true;
            _run.MemberClosed(Room);
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    int IFrameHandler.OnData(ReadOnlySpan<byte> payload, bool frameEnds, bool messageEnds)
    {
        var used = _scanner.Scan(payload, frameEnds, messageEnds, this);
        if (messageEnds)
        {
            _stats!.Frames++;
        }

        return used;
    }

    void IMarkerSink.OnMarker(in Marker marker) => OnMarker(marker, _now, _stats!);

    void IFrameHandler.OnControl(byte opcode, ReadOnlySpan<byte> payload)
    {
        switch (opcode)
        {
            case FrameReader.Ping:
                // Rare (servers ping every tens of seconds): a small allocation is fine here.
                _pendingPong = payload.ToArray();
                break;
            case FrameReader.Close:
                _closeReason = payload.Length >= 2
                    ? $"{BinaryPrimitives.ReadUInt16BigEndian(payload)} {Encoding.UTF8.GetString(payload[2..])}"
                    : "no status";
                break;
        }
    }

    private void OnMarker(in Marker marker, long now, ThreadStats stats)
    {
        if (marker.Ticks < _run.StartTicks)
        {
            stats.Stale++;
            return;
        }

        if (_run.Layout.RoomOf(marker.Sender) != Room)
        {
            if (marker.Phase != Marker.Warmup)
            {
                stats.CrossRoom++;
            }

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
            _received++;
        }

        if ((uint)marker.Sender < (uint)gates.Length)
        {
            gates[marker.Sender]?.Delivered(marker.Key);
        }
    }

    public void Dispose()
    {
        Socket?.Dispose();
        _raw?.Dispose();
    }
}
