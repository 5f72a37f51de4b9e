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
/// The raw receive path: read bytes, parse frames in place, scan text payloads for markers.
/// Same buffer discipline as the ClientWebSocket path: with zero-byte reads a member holds a
/// pooled buffer only while a frame is partly read.
/// </summary>
public sealed class RawReceiveLoop : IFrameHandler, IMarkerSink
{
    private readonly Member _member;
    private readonly RunContext _run;
    private readonly DeliveryCheck _check;
    private readonly RawConnection _connection;
    private FrameReader _frames;
    private PayloadScanner _scanner;
    private ThreadStats? _stats;
    private long _now;
    private byte[]? _pendingPong;
    private string? _closeReason;
    private volatile bool _ended;

    public RawReceiveLoop(Member member, RunContext run, DeliveryCheck check, RawConnection connection)
    {
        _member = member;
        _run = run;
        _check = check;
        _connection = connection;
    }

    /// <summary>The loop has ended or the server's close frame arrived: the member is no longer open.</summary>
    public bool Finished => _ended || _frames.CloseReceived;

    public async Task RunAsync(CancellationToken ct)
    {
        var connection = _connection;
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

            _member.Lost(_closeReason is null ? "closed by server" : $"closed by server: {_closeReason}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is WebSocketException or SocketException or ObjectDisposedException)
        {
            _member.Lost(e.Message);
        }
        finally
        {
            _ended = true;
            _run.MemberClosed(_member.Room);
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

    void IMarkerSink.OnMarker(in Marker marker) => _check.OnMarker(marker, _now, _stats!);
}
