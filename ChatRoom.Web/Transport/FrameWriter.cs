using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using ChatRoom.Chat;

namespace ChatRoom.Transport;

/// <summary>
/// Writes a member's text frames. On a real connection it frames them itself and writes all the
/// frames queued at that moment in one write (one flush, usually one syscall), instead of one
/// write per frame. Without one (the in-memory test server) it sends frame by frame.
/// </summary>
public sealed class FrameWriter(WebSocket socket, SharedWriteStream? connection)
{
    /// <summary>Bytes gathered into one write; a larger frame goes out alone.</summary>
    public const int BatchBytes = 64 * 1024;

    private const int MaxHeaderBytes = 10;
    private const byte FinalTextFrame = 0x81;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Writes what the outbox holds now (up to a batch), unless it must discard it.</summary>
    public async ValueTask WriteQueuedAsync(Outbox outbox, CancellationToken cancellationToken)
    {
        if (connection is null)
        {
            while (!outbox.DiscardsPending && outbox.TryDequeue(out var frame))
            {
                await WriteAsync(frame, cancellationToken);
            }

            return;
        }

        if (!outbox.TryPeek(out var first) || outbox.DiscardsPending)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(BatchBytes, first.Length + MaxHeaderBytes));
        try
        {
            var used = 0;
            while (outbox.TryPeek(out var frame) && used + frame.Length + MaxHeaderBytes <= buffer.Length)
            {
                outbox.TryDequeue(out _);
                used += WriteFrame(buffer.AsSpan(used), frame.Span);
            }

            await connection.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>An unmasked final text frame (RFC 6455 §5.2): servers do not mask.</summary>
    public static int WriteFrame(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        destination[0] = FinalTextFrame;
        int header;
        if (payload.Length < 126)
        {
            destination[1] = (byte)payload.Length;
            header = 2;
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload.Length);
            header = 4;
        }
        else
        {
            destination[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payload.Length);
            header = 10;
        }

        payload.CopyTo(destination[header..]);
        return header + payload.Length;
    }
}
