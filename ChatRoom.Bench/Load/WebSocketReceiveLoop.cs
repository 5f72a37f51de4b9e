using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using ChatRoom.Bench.Wire;

namespace ChatRoom.Bench.Load;

/// <summary>
/// The <c>--client-websocket</c> receive path: messages read through <see cref="ClientWebSocket"/>
/// and scanned for markers, for comparison with <see cref="RawReceiveLoop"/>.
/// </summary>
public static class WebSocketReceiveLoop
{
    public static async Task RunAsync(Member member, ClientWebSocket socket, RunContext run, DeliveryCheck check, CancellationToken ct)
    {
        var options = run.Options;
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

                var stats = run.Stats.Current;
                stats.Bytes += result.Count;
                var filled = kept + result.Count;
                var position = 0;
                var now = Stopwatch.GetTimestamp();
                while (MarkerScanner.Next(buffer.AsSpan(0, filled), ref position, out var marker) == ScanStatus.Found)
                {
                    check.OnMarker(marker, now, stats);
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

            member.Lost($"closed by server: {socket.CloseStatus} {socket.CloseStatusDescription}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (WebSocketException e)
        {
            member.Lost($"{e.WebSocketErrorCode}: {e.Message}");
        }
        finally
        {
            run.MemberClosed(member.Room);
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
