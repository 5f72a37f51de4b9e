namespace ChatRoom.Bench.Wire;

/// <summary>Receives the markers <see cref="PayloadScanner"/> finds.</summary>
public interface IMarkerSink
{
    void OnMarker(in Marker marker);
}

/// <summary>
/// Finds markers in the payload pieces <see cref="FrameReader"/> hands over, including a marker cut
/// by a read (kept in the receive buffer) or by a fragment boundary. go-gorilla splits a batch
/// larger than its 4 KiB write buffer into several frames of one message, and the next frame's
/// header sits between the two halves, so those halves are carried in a small array instead.
/// </summary>
public struct PayloadScanner
{
    private byte[]? _carry;
    private int _carried;

    /// <summary>The <see cref="IFrameHandler.OnData"/> contract: returns how many payload bytes were used.</summary>
    public int Scan<TSink>(ReadOnlySpan<byte> payload, bool frameEnds, bool messageEnds, TSink sink)
        where TSink : IMarkerSink
    {
        var position = 0;
        if (_carried > 0)
        {
            // Join the carried half with the start of this piece; a marker is at most MaxLength long.
            Span<byte> joined = stackalloc byte[2 * Marker.MaxLength];
            var head = Math.Min(payload.Length, Marker.MaxLength);
            _carry.AsSpan(0, _carried).CopyTo(joined);
            payload[..head].CopyTo(joined[_carried..]);
            var length = _carried + head;
            var at = 0;
            while (MarkerScanner.Next(joined[..length], ref at, out var marker) == ScanStatus.Found)
            {
                sink.OnMarker(marker);
            }

            if (at < _carried)
            {
                // Still incomplete: this piece was shorter than a marker. Carry all of it along.
                var rest = length - at;
                if (messageEnds || (frameEnds && rest > Marker.MaxLength))
                {
                    _carried = 0;
                }
                else if (frameEnds)
                {
                    joined[at..length].CopyTo(_carry);
                    _carried = rest;
                }
                else
                {
                    // Within one frame the reader keeps unused bytes for us: keep them all.
                    joined[at.._carried].CopyTo(_carry);
                    _carried -= at;
                    return 0;
                }

                return payload.Length;
            }

            position = at - _carried;
            _carried = 0;
        }

        while (MarkerScanner.Next(payload, ref position, out var marker) == ScanStatus.Found)
        {
            sink.OnMarker(marker);
        }

        if (messageEnds)
        {
            return payload.Length;
        }

        if (frameEnds)
        {
            var tail = payload[position..];
            if (tail.Length is > 0 and <= Marker.MaxLength)
            {
                _carry ??= new byte[2 * Marker.MaxLength];
                tail.CopyTo(_carry);
                _carried = tail.Length;
            }

            return payload.Length;
        }

        // Keep a marker cut in half by the read for the next piece of this frame.
        return position;
    }
}
