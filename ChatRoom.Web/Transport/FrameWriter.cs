using System.Buffers;
using System.Buffers.Binary;

namespace ChatRoom.Transport;

/// <summary>
/// Writes text frames straight to the upgraded connection: it frames them itself and writes a
/// whole batch in one write (one flush, usually one syscall) instead of one write per frame.
/// </summary>
internal sealed class FrameWriter(SharedWriteStream connection) : IFrameWriter
{
    private const int MaxHeaderBytes = 10;
    private const byte FinalTextFrame = 0x81;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        WriteAsync(new[] { frame }, cancellationToken);

    public async ValueTask WriteAsync(ReadOnlyMemory<ReadOnlyMemory<byte>> frames, CancellationToken cancellationToken)
    {
        var size = 0;
        foreach (var frame in frames.Span)
        {
            size += frame.Length + MaxHeaderBytes;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var used = 0;
            foreach (var frame in frames.Span)
            {
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
