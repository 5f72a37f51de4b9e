using System.Text;
using ChatRoom.Bench.Wire;

namespace ChatRoom.Bench.Tests;

public sealed class MarkerScannerTests
{
    private static byte[] Payload(Marker m, int size = 64)
    {
        var bytes = new byte[size];
        bytes.AsSpan().Fill((byte)'x');
        m.WriteTo(bytes);
        return bytes;
    }

    private static List<Marker> ScanAll(byte[] data, out int rest)
    {
        var found = new List<Marker>();
        var position = 0;
        while (MarkerScanner.Next(data, ref position, out var marker) == ScanStatus.Found)
        {
            found.Add(marker);
        }

        rest = position;
        return found;
    }

    [Fact]
    public void Finds_a_marker_behind_the_chatroom_name_prefix()
    {
        var m = new Marker(Marker.Measured, 3, 12345, 987654321012345);
        var frame = Encoding.ASCII.GetBytes("bench-3: ").Concat(Payload(m)).ToArray();

        var found = ScanAll(frame, out _);

        Assert.Equal([m], found);
    }

    [Fact]
    public void Finds_a_marker_between_raw_UTF_8_emoji_and_CJK_in_a_JSON_frame()
    {
        // JSON frames carry non-ASCII as plain UTF-8, whose multi-byte sequences never hold an ASCII '@'.
        var m = new Marker(Marker.Measured, 7, 42, 123456789);
        var marker = Payload(m)[..m.WriteTo(new byte[Marker.MaxLength])];
        var frame = Encoding.UTF8.GetBytes("{\"type\":\"message\",\"id\":9,\"from\":\"小明\",\"text\":\"你好😀")
            .Concat(marker)
            .Concat(Encoding.UTF8.GetBytes("🎉 中文\",\"ts\":\"2026-12-07T12:00:00.000Z\"}"))
            .ToArray();

        var found = ScanAll(frame, out var rest);

        Assert.Equal([m], found);
        Assert.Equal(frame.Length, rest);
    }

    [Fact]
    public void Finds_every_marker_in_a_newline_batched_frame()
    {
        var a = new Marker(Marker.Measured, 1, 0, 100);
        var b = new Marker(Marker.Warmup, 2, 7, 200);
        var frame = Payload(a).Concat("\n"u8.ToArray()).Concat(Payload(b)).ToArray();

        Assert.Equal([a, b], ScanAll(frame, out _));
    }

    [Fact]
    public void Ignores_frames_without_markers()
    {
        var frame = Encoding.ASCII.GetBytes("* bench-4 joined (5 online)");

        Assert.Empty(ScanAll(frame, out var rest));
        Assert.Equal(frame.Length, rest);
    }

    [Fact]
    public void Stops_at_a_marker_cut_by_the_buffer_edge_so_the_caller_keeps_it()
    {
        var m = new Marker(Marker.Measured, 9, 42, 123456789);
        var whole = Encoding.ASCII.GetBytes("bench-9: ").Concat(Payload(m)).ToArray();

        var length = m.WriteTo(new byte[Marker.MaxLength]);

        for (var cut = 9; cut < 9 + length; cut++)
        {
            var first = whole[..cut];
            Assert.Empty(ScanAll(first, out var keepFrom));
            var carried = first[keepFrom..].Concat(whole[cut..]).ToArray();
            Assert.Equal([m], ScanAll(carried, out _));
        }
    }

    [Theory]
    [InlineData("@@x1/2/3@")]
    [InlineData("@@m1/2/@")]
    [InlineData("@@m/2/3@")]
    [InlineData("@@m1-2/3@")]
    [InlineData("@@m99999999999/2/3@")]
    public void Skips_malformed_markers(string text)
    {
        Assert.Empty(ScanAll(Encoding.ASCII.GetBytes(text + " tail"), out _));
    }

    [Fact]
    public void A_marker_after_garbage_is_still_found()
    {
        var m = new Marker(Marker.Measured, 0, 1, 5);
        var frame = Encoding.ASCII.GetBytes("@@@@zz@@m").Concat(Payload(m)).ToArray();

        Assert.Equal([m], ScanAll(frame, out _));
    }

    [Fact]
    public void The_longest_marker_fits_in_MaxLength()
    {
        var m = new Marker(Marker.Measured, int.MaxValue, int.MaxValue, long.MaxValue);
        var buffer = new byte[Marker.MaxLength];

        Assert.Equal(Marker.MaxLength, m.WriteTo(buffer));
    }
}
