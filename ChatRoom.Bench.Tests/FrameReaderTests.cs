using System.Net.WebSockets;
using ChatRoom.Bench.Wire;

namespace ChatRoom.Bench.Tests;

/// <summary>The raw receive path's frame parser, fed the way the receive loop feeds it: kept bytes first, then each read.</summary>
public sealed class FrameReaderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(127)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(70000)]
    public void Every_length_encoding_round_trips_in_one_read(int length)
    {
        var payload = Payload(length);
        var result = Feed(ServerFrame(FrameReader.Text, payload), [int.MaxValue]);

        var message = Assert.Single(result.Messages);
        Assert.Equal(payload, message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(300)]
    public void A_frame_split_at_every_byte_boundary_parses_the_same(int length)
    {
        var payload = Payload(length);
        var wire = ServerFrame(FrameReader.Text, payload);
        for (var cut = 0; cut <= wire.Length; cut++)
        {
            var result = Feed(wire, [cut, int.MaxValue]);
            Assert.Equal(payload, Assert.Single(result.Messages));
        }
    }

    [Fact]
    public void Several_frames_with_a_ping_between_split_one_byte_at_a_time()
    {
        var wire = Concat(
            ServerFrame(FrameReader.Text, "@@m1/2/3@xx"u8.ToArray()),
            ServerFrame(FrameReader.Ping, "hi"u8.ToArray()),
            ServerFrame(FrameReader.Text, Payload(200)),
            ServerFrame(FrameReader.Text, []));

        foreach (var step in new[] { 1, 2, 3, 7, 64, int.MaxValue })
        {
            var result = Feed(wire, Steps(wire.Length, step));
            Assert.Equal(3, result.Messages.Count);
            Assert.Equal("@@m1/2/3@xx"u8.ToArray(), result.Messages[0]);
            Assert.Equal(Payload(200), result.Messages[1]);
            Assert.Empty(result.Messages[2]);
            var ping = Assert.Single(result.Controls);
            Assert.Equal(FrameReader.Ping, ping.Opcode);
            Assert.Equal("hi"u8.ToArray(), ping.Payload);
        }
    }

    [Fact]
    public void A_handler_that_keeps_a_cut_marker_gets_it_again_with_the_next_read()
    {
        // The member's receive loop keeps the bytes after the last whole marker when a frame continues.
        var payload = Payload(3000);
        var wire = ServerFrame(FrameReader.Text, payload);
        var result = Feed(wire, Steps(wire.Length, 100), keepTail: 20);
        Assert.Equal(payload, Assert.Single(result.Messages));
    }

    [Fact]
    public void Fragmented_message_ends_only_at_fin()
    {
        var wire = Concat(
            ServerFrame(FrameReader.Text, "abc"u8.ToArray(), fin: false),
            ServerFrame(FrameReader.Continuation, "def"u8.ToArray()));
        var result = Feed(wire, Steps(wire.Length, 1));
        Assert.Equal("abcdef"u8.ToArray(), Assert.Single(result.Messages));
    }

    [Fact]
    public void Close_stops_parsing_and_reports_the_status()
    {
        var wire = Concat(
            ServerFrame(FrameReader.Text, "a"u8.ToArray()),
            ServerFrame(FrameReader.Close, [0x03, 0xF0, (byte)'x']),
            ServerFrame(FrameReader.Text, "after"u8.ToArray()));
        var result = Feed(wire, [int.MaxValue]);

        Assert.True(result.Reader.CloseReceived);
        Assert.Single(result.Messages);
        var close = Assert.Single(result.Controls);
        Assert.Equal(FrameReader.Close, close.Opcode);
        Assert.Equal(new byte[] { 0x03, 0xF0, (byte)'x' }, close.Payload);
    }

    [Fact]
    public void A_masked_server_frame_is_a_protocol_error()
    {
        var handler = new Recorder(0);
        var reader = new FrameReader();
        Assert.Throws<WebSocketException>(() => reader.Process([0x81, 0x81, 1, 2, 3, 4, 5], handler));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65535)]
    [InlineData(65536)]
    public void Client_frames_are_masked_and_unmask_to_the_payload(int length)
    {
        var payload = Payload(length);
        var frame = new byte[length + FrameWriter.MaxOverhead];
        var written = FrameWriter.Write(frame, FrameReader.Text, payload, 0xA1B2C3D4);

        Assert.Equal(0x81, frame[0]);
        Assert.True((frame[1] & 0x80) != 0);
        var header = length <= 125 ? 2 : length <= 65535 ? 4 : 10;
        Assert.Equal(header + 4 + length, written);
        var key = frame.AsSpan(header, 4).ToArray();
        var body = frame.AsSpan(header + 4, length).ToArray();
        for (var i = 0; i < body.Length; i++)
        {
            body[i] ^= key[i % 4];
        }

        Assert.Equal(payload, body);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_marker_of_newline_batched_frames_is_found_whatever_the_read_sizes(bool fragment)
    {
        // go-gorilla packs queued messages into one frame separated by '\n'; frames reach 16 KiB.
        var random = new Random(42);
        var frames = new List<byte[]>();
        var count = 0;
        var messages = 0;
        for (var f = 0; f < 300; f++)
        {
            var body = new List<byte>();
            var n = random.Next(1, 260);
            for (var m = 0; m < n; m++)
            {
                if (m > 0)
                {
                    body.Add((byte)'\n');
                }

                var payload = new byte[64];
                payload.AsSpan().Fill((byte)'x');
                new Marker(Marker.Measured, random.Next(100), count++, random.NextInt64(1, long.MaxValue)).WriteTo(payload);
                body.AddRange(payload);
            }

            // Like go-gorilla past its write buffer: one message in several frames, cut anywhere (markers too).
            var bytes = body.ToArray();
            var at = 0;
            while (at < bytes.Length)
            {
                var piece = fragment ? Math.Min(bytes.Length - at, random.Next(1, 200)) : bytes.Length;
                var opcode = at == 0 ? FrameReader.Text : FrameReader.Continuation;
                frames.Add(ServerFrame(opcode, bytes[at..(at + piece)], fin: at + piece == bytes.Length));
                at += piece;
            }

            messages++;
        }

        var wire = Concat([.. frames]);
        foreach (var readSize in new[] { 1, 7, 100, 1000, 4096 })
        {
            var handler = new MarkerCounter();
            var reader = new FrameReader();
            var buffer = new byte[Math.Max(readSize, 256)];
            var kept = 0;
            var offset = 0;
            while (offset < wire.Length)
            {
                var n = Math.Min(Math.Min(readSize, buffer.Length - kept), wire.Length - offset);
                wire.AsSpan(offset, n).CopyTo(buffer.AsSpan(kept));
                offset += n;
                var filled = kept + n;
                var used = reader.Process(buffer.AsSpan(0, filled), handler);
                kept = filled - used;
                buffer.AsSpan(used, kept).CopyTo(buffer);
            }

            Assert.Equal(count, handler.Markers);
            Assert.Equal(messages, handler.Messages);
        }
    }

    private sealed class MarkerCounter : IFrameHandler, IMarkerSink
    {
        private PayloadScanner _scanner;

        public int Markers { get; private set; }

        public int Messages { get; private set; }

        public int OnData(ReadOnlySpan<byte> payload, bool frameEnds, bool messageEnds)
        {
            if (messageEnds)
            {
                Messages++;
            }

            return _scanner.Scan(payload, frameEnds, messageEnds, this);
        }

        public void OnMarker(in Marker marker) => Markers++;

        public void OnControl(byte opcode, ReadOnlySpan<byte> payload)
        {
        }
    }

    private static byte[] Payload(int length)
    {
        var p = new byte[length];
        for (var i = 0; i < length; i++)
        {
            p[i] = (byte)('a' + (i % 26));
        }

        return p;
    }

    // A server's frame is the generator's frame unmasked.
    private static byte[] ServerFrame(byte opcode, byte[] payload, bool fin = true)
    {
        var frame = new byte[FrameWriter.MaxOverhead + payload.Length];
        var first = (byte)((fin ? 0x80 : 0) | opcode);
        var length = FrameWriter.Write(frame, first, payload, mask: null, (ulong)payload.Length);
        return frame[..length];
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static int[] Steps(int total, int step) =>
        Enumerable.Range(1, (total + step - 1) / Math.Max(1, step)).Select(i => (int)Math.Min((long)i * step, total)).ToArray();

    /// <summary>Reads end at the given cumulative offsets; unused bytes are kept in front of the next read, as in the receive loop.</summary>
    private static Result Feed(byte[] wire, int[] cuts, int keepTail = 0)
    {
        var handler = new Recorder(keepTail);
        var reader = new FrameReader();
        var kept = Array.Empty<byte>();
        var offset = 0;
        foreach (var cut in cuts.Append(int.MaxValue))
        {
            var end = Math.Min(cut, wire.Length);
            if (end < offset)
            {
                continue;
            }

            byte[] data = [.. kept, .. wire.AsSpan(offset, end - offset)];
            offset = end;
            var used = reader.Process(data, handler);
            kept = data[used..];
            Assert.True(kept.Length <= 200, "kept bytes stay bounded");
            if (reader.CloseReceived)
            {
                break;
            }
        }

        return new Result(handler.Messages, handler.Controls, reader);
    }

    private sealed record Result(List<byte[]> Messages, List<(byte Opcode, byte[] Payload)> Controls, FrameReader Reader);

    private sealed class Recorder(int keepTail) : IFrameHandler
    {
        private readonly List<byte> _current = [];

        public List<byte[]> Messages { get; } = [];

        public List<(byte Opcode, byte[] Payload)> Controls { get; } = [];

        public int OnData(ReadOnlySpan<byte> payload, bool frameEnds, bool messageEnds)
        {
            var used = frameEnds ? payload.Length : Math.Max(0, payload.Length - keepTail);
            _current.AddRange(payload[..used]);
            if (messageEnds)
            {
                Messages.Add([.. _current]);
                _current.Clear();
            }

            return used;
        }

        public void OnControl(byte opcode, ReadOnlySpan<byte> payload) => Controls.Add((opcode, payload.ToArray()));
    }
}
