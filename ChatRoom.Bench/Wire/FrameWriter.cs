using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ChatRoom.Bench.Wire;

/// <summary>
/// Builds client → server frames into a caller's reused buffer: masked (RFC 6455 §5.3) for the load
/// generator; the tests' raw sockets also write the malformed ones a server must refuse.
/// </summary>
public static class FrameWriter
{
    /// <summary>Header (up to 10 bytes) plus the 4-byte mask key.</summary>
    public const int MaxOverhead = 14;

    /// <summary>
    /// Writes one final frame of <paramref name="opcode"/> carrying <paramref name="payload"/> masked
    /// with <paramref name="mask"/>; returns its length.
    /// </summary>
    public static int Write(Span<byte> destination, byte opcode, ReadOnlySpan<byte> payload, uint mask) =>
        Write(destination, (byte)(0x80 | opcode), payload, mask, (ulong)payload.Length);

    /// <summary>
    /// Writes any frame, including ones a peer must refuse (the tests' malformed frames): the first
    /// byte as given (FIN, RSV bits, opcode), masked unless <paramref name="mask"/> is null, with
    /// <paramref name="declaredLength"/> in the header whatever the payload's length. Returns its length.
    /// </summary>
    public static int Write(
        Span<byte> destination, byte first, ReadOnlySpan<byte> payload, uint? mask, ulong declaredLength)
    {
        destination[0] = first;
        var maskBit = mask is null ? 0 : 0x80;
        int header;
        if (declaredLength <= 125)
        {
            destination[1] = (byte)(maskBit | (int)declaredLength);
            header = 2;
        }
        else if (declaredLength <= ushort.MaxValue)
        {
            destination[1] = (byte)(maskBit | 126);
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)declaredLength);
            header = 4;
        }
        else
        {
            destination[1] = (byte)(maskBit | 127);
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], declaredLength);
            header = 10;
        }

        var body = destination.Slice(header + (mask is null ? 0 : 4), payload.Length);
        payload.CopyTo(body);
        if (mask is { } key)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[header..], key);
            header += 4;
            Mask(body, key);
        }

        return header + payload.Length;
    }

    /// <summary>XORs with the key repeated; the key's bytes are in wire order (little-endian of <paramref name="mask"/>).</summary>
    public static void Mask(Span<byte> data, uint mask)
    {
        var wide = ((ulong)mask << 32) | mask;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        for (var i = 0; i < words.Length; i++)
        {
            words[i] ^= wide;
        }

        for (var i = words.Length * 8; i < data.Length; i++)
        {
            data[i] ^= (byte)(mask >> (8 * (i & 3)));
        }
    }
}
