using System.Buffers.Text;

namespace ChatRoom.Bench.Wire;

/// <summary>
/// The generator's stamp inside a payload: <c>@@{phase}{sender}/{seq}/{ticks}@</c>.
/// ASCII that no server rewrites (names cannot contain '@'), so it survives ChatRoom's
/// <c>name: </c> prefix and go-gorilla's newline batching.
/// </summary>
public readonly record struct Marker(byte Phase, int Sender, int Seq, long Ticks)
{
    public const byte Warmup = (byte)'w';
    public const byte Measured = (byte)'m';

    /// <summary>Longest encoding: "@@" + phase + int + '/' + int + '/' + long + '@'.</summary>
    public const int MaxLength = 2 + 1 + 10 + 1 + 10 + 1 + 19 + 1;

    public static ReadOnlySpan<byte> Prefix => "@@"u8;

    /// <summary>Key that identifies one message of one sender in one phase.</summary>
    public long Key => ((long)Phase << 40) | (uint)Seq;

    /// <summary>Writes the marker at the start of <paramref name="destination"/> and returns its length.</summary>
    public int WriteTo(Span<byte> destination)
    {
        Prefix.CopyTo(destination);
        destination[2] = Phase;
        var n = 3;
        n += Format(Sender, destination[n..]);
        destination[n++] = (byte)'/';
        n += Format(Seq, destination[n..]);
        destination[n++] = (byte)'/';
        n += Format(Ticks, destination[n..]);
        destination[n++] = (byte)'@';
        return n;
    }

    private static int Format(long value, Span<byte> destination) =>
        Utf8Formatter.TryFormat(value, destination, out var written)
            ? written
            : throw new ArgumentException("marker buffer too small", nameof(destination));
}
