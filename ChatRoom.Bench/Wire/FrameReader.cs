using System.Buffers.Binary;
using System.Net.WebSockets;

namespace ChatRoom.Bench.Wire;

/// <summary>What <see cref="FrameReader"/> hands over while it walks through received bytes.</summary>
public interface IFrameHandler
{
    /// <summary>
    /// A piece of a data frame's payload. Returns how many bytes were used: when the frame does not
    /// end in this piece, the rest (at most <see cref="Marker.MaxLength"/> bytes, a marker cut by the
    /// read) is kept and handed over again with the next read; when it ends, everything counts as used.
    /// </summary>
    int OnData(ReadOnlySpan<byte> payload, bool frameEnds, bool messageEnds);

    /// <summary>A whole control frame (ping, pong, close): at most 125 payload bytes, never split.</summary>
    void OnControl(byte opcode, ReadOnlySpan<byte> payload);
}

/// <summary>
/// Parses server → client WebSocket frames (RFC 6455, unmasked) straight from the bytes a read
/// returned, so a delivery costs one parse instead of ManagedWebSocket's per-frame receive machinery.
/// A struct with a few fields: a member's parse state costs no buffer while it is idle.
/// </summary>
public struct FrameReader
{
    public const byte Continuation = 0x0;
    public const byte Text = 0x1;
    public const byte Binary = 0x2;
    public const byte Close = 0x8;
    public const byte Ping = 0x9;
    public const byte Pong = 0xA;

    /// <summary>Longest frame header a server sends: 2 bytes + 64-bit length.</summary>
    public const int MaxHeader = 10;

    private long _left;
    private bool _inPayload;
    private bool _fin;

    /// <summary>A close frame arrived; nothing after it is parsed.</summary>
    public bool CloseReceived { get; private set; }

    /// <summary>True between frames: nothing of a frame is pending, so the caller may drop its buffer.</summary>
    public readonly bool AtFrameBoundary => !_inPayload;

    /// <summary>
    /// Walks <paramref name="data"/> (kept bytes of the previous call first, then the new read).
    /// Returns how many bytes were used; the caller keeps <c>data[used..]</c> for the next call,
    /// which is at most one incomplete header or control frame, or a marker cut by the read.
    /// </summary>
    public int Process<THandler>(ReadOnlySpan<byte> data, THandler handler)
        where THandler : IFrameHandler
    {
        var pos = 0;
        while (!CloseReceived)
        {
            if (!_inPayload)
            {
                var rest = data[pos..];
                if (rest.Length < 2)
                {
                    return pos;
                }

                var b0 = rest[0];
                var b1 = rest[1];
                if ((b1 & 0x80) != 0)
                {
                    throw new WebSocketException(WebSocketError.Faulted, "the server sent a masked frame");
                }

                if ((b0 & 0x70) != 0)
                {
                    throw new WebSocketException(WebSocketError.Faulted, "the server set reserved bits (no extension was negotiated)");
                }

                var header = 2;
                long length = b1 & 0x7F;
                if (length == 126)
                {
                    header = 4;
                    if (rest.Length < header)
                    {
                        return pos;
                    }

                    length = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
                }
                else if (length == 127)
                {
                    header = 10;
                    if (rest.Length < header)
                    {
                        return pos;
                    }

                    var big = BinaryPrimitives.ReadUInt64BigEndian(rest[2..]);
                    if (big > long.MaxValue)
                    {
                        throw new WebSocketException(WebSocketError.Faulted, "frame length has the top bit set");
                    }

                    length = (long)big;
                }

                var opcode = (byte)(b0 & 0x0F);
                var fin = (b0 & 0x80) != 0;
                if (opcode >= Close)
                {
                    if (length > 125 || !fin || opcode > Pong)
                    {
                        throw new WebSocketException(WebSocketError.Faulted, $"bad control frame (opcode {opcode}, {length} bytes)");
                    }

                    // Control frames are tiny: wait until the whole frame is here, then hand it over in one piece.
                    if (rest.Length < header + length)
                    {
                        return pos;
                    }

                    handler.OnControl(opcode, rest.Slice(header, (int)length));
                    pos += header + (int)length;
                    CloseReceived = opcode == Close;
                    continue;
                }

                if (opcode > Binary)
                {
                    throw new WebSocketException(WebSocketError.Faulted, $"unknown opcode {opcode}");
                }

                pos += header;
                _left = length;
                _fin = fin;
                _inPayload = true;
            }

            var available = data.Length - pos;
            if (available == 0 && _left > 0)
            {
                return pos;
            }

            var take = (int)Math.Min(_left, available);
            var ends = take == _left;
            var used = handler.OnData(data.Slice(pos, take), ends, ends && _fin);
            if (ends)
            {
                used = take;
                _inPayload = false;
            }
            else if (take - used > Marker.MaxLength || used < 0)
            {
                used = take;
            }

            _left -= used;
            pos += used;
            if (!ends)
            {
                return pos;
            }
        }

        return pos;
    }
}
