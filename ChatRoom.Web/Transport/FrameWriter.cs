using System.Buffers;
using System.Buffers.Binary;

namespace ChatRoom.Transport;

/// <summary>
/// Writes text frames straight to the upgraded connection: it frames them itself and writes a
/// whole batch in one write (one flush, usually one syscall) instead of one write per frame.
/// </summary>
internal sealed class FrameWriter(SharedWriteStream connection) : IFrameWriter
{
    public const int MaxHeaderBytes = 10;
    private const byte FinalTextFrame = 0x81;
    private const byte FinalBinaryFrame = 0x82;

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
        var header = WriteHeader(destination, payload.Length, binary: false);
        payload.CopyTo(destination[header..]);
        return header + payload.Length;
    }

    /// <summary>The header of an unmasked final text or binary frame of <paramref name="length"/> bytes.</summary>
    /// <returns>Its size: 2, 4 or 10 bytes.</returns>
    public static int WriteHeader(Span<byte> destination, int length, bool binary)
    {
        destination[0] = binary ? FinalBinaryFrame : FinalTextFrame;
        if (length < 126)
        {
            destination[1] = (byte)length;
            return 2;
        }

        if (length <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
            return 4;
        }

        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)length);
        return 10;
    }

    /// <summary>
    /// The size of <see cref="WriteHeader"/>'s header for a payload of <paramref name="length"/> bytes.
    /// </summary>
    public static int HeaderBytes(int length) => length < 126 ? 2 : length <= ushort.MaxValue ? 4 : 10;
}
