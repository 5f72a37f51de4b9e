using System.Buffers.Text;

namespace ChatRoom.Bench.Wire;

public enum ScanStatus
{
    /// <summary>A marker was parsed; the position moved past it.</summary>
    Found,

    /// <summary>No further marker; the position is where bytes must be kept if more of the message follows.</summary>
    End,
}

/// <summary>
/// Finds every marker in a frame (or a piece of one) without allocating: the prefix search is
/// vectorised and numbers are parsed straight from the bytes.
/// </summary>
public static class MarkerScanner
{
    /// <summary>
    /// Scans <paramref name="data"/> from <paramref name="position"/>. On <see cref="ScanStatus.End"/>,
    /// <paramref name="position"/> is the first byte that could still start a marker completed by the next
    /// piece of the same message; the caller keeps <c>data[position..]</c> when the message is not finished.
    /// </summary>
    public static ScanStatus Next(ReadOnlySpan<byte> data, ref int position, out Marker marker)
    {
        marker = default;
        while (true)
        {
            var rest = data[position..];
            var at = rest.IndexOf(Marker.Prefix);
            if (at < 0)
            {
                // A trailing '@' may be the first half of the next prefix.
                position = rest.Length > 0 && rest[^1] == (byte)'@' ? data.Length - 1 : data.Length;
                return ScanStatus.End;
            }

            var start = position + at;
            switch (TryParse(data[start..], out marker, out var length))
            {
                case ParseResult.Ok:
                    position = start + length;
                    return ScanStatus.Found;
                case ParseResult.Incomplete:
                    position = start;
                    return ScanStatus.End;
                default:
                    position = start + 1;
                    break;
            }
        }
    }

    private enum ParseResult
    {
        Ok,
        Incomplete,
        Invalid,
    }

    private static ParseResult TryParse(ReadOnlySpan<byte> s, out Marker marker, out int length)
    {
        marker = default;
        length = 0;
        if (s.Length < 3)
        {
            return ParseResult.Incomplete;
        }

        var phase = s[2];
        if (phase is not (Marker.Measured or Marker.Warmup))
        {
            return ParseResult.Invalid;
        }

        var n = 3;
        var r = Number(s, ref n, (byte)'/', out var sender);
        if (r != ParseResult.Ok)
        {
            return r;
        }

        r = Number(s, ref n, (byte)'/', out var seq);
        if (r != ParseResult.Ok)
        {
            return r;
        }

        r = Number(s, ref n, (byte)'@', out var ticks);
        if (r != ParseResult.Ok)
        {
            return r;
        }

        if (sender > int.MaxValue || seq > int.MaxValue)
        {
            return ParseResult.Invalid;
        }

        marker = new Marker(phase, (int)sender, (int)seq, ticks);
        length = n;
        return ParseResult.Ok;
    }

    private static ParseResult Number(ReadOnlySpan<byte> s, ref int n, byte terminator, out long value)
    {
        value = 0;
        var digits = s[n..];
        var end = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        if (end < 0)
        {
            // Ran off the end of this piece: a longer marker than any we write is garbage, not a partial.
            return s.Length - n > 19 || s.Length > Marker.MaxLength ? ParseResult.Invalid : ParseResult.Incomplete;
        }

        if (end == 0 || end > 19 || digits[end] != terminator ||
            !Utf8Parser.TryParse(digits[..end], out value, out _))
        {
            return ParseResult.Invalid;
        }

        n += end + 1;
        return ParseResult.Ok;
    }
}
