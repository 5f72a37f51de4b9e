using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ChatRoom.Bench.Wire;

/// <summary>Builds client → server frames: always masked (RFC 6455 §5.3), written into a caller's reused buffer.</summary>
public static class FrameWriter
{
    /// <summary>Header (up to 10 bytes) plus the 4-byte mask key.</summary>
    public const int MaxOverhead = 14;

    /// <summary>Writes one final frame of <paramref name="opcode"/> carrying <paramref name="payload"/> masked with <paramref name="mask"/>; returns its length.</summary>
    public static int Write(Span<byte> destination, byte opcode, ReadOnlySpan<byte> payload, uint mask)
    {
        destination[0] = (byte)(0x80 | opcode);
        int header;
        if (payload.Length <= 125)
        {
            destination[1] = (byte)(0x80 | payload.Length);
            header = 2;
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            destination[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload.Length);
            header = 4;
        }
        else
        {
            destination[1] = 0x80 | 127;
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payload.Length);
            header = 10;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination[header..], mask);
        header += 4;
        var body = destination.Slice(header, payload.Length);
        payload.CopyTo(body);
        Mask(body, mask);
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
