using ChatRoom.Names;
using ChatRoom.Transport;

namespace ChatRoom.Tests.Unit;

/// <summary>A member's frame ring: order through growth and wrap-around, and batches cut by size.</summary>
public sealed class FrameRingTests
{
    [Fact]
    public void Frames_come_out_in_the_order_they_went_in_across_growth_wrap_around_and_draining()
    {
        var ring = new FrameRing();
        var next = 0;
        var expected = 0;
        var batch = new ReadOnlyMemory<byte>[7];

        // Bursts of different sizes, each partly drained: the ring wraps, grows, and starts over.
        foreach (var burst in new[] { 3, 5, 40, 1, 17, 64, 2 })
        {
            for (var i = 0; i < burst; i++)
            {
                ring.Add(FrameNumbered(next++));
            }

            while (expected < next - 2)
            {
                var taken = ring.Take(batch, int.MaxValue, out _);
                Assert.InRange(taken, 1, batch.Length);
                foreach (var frame in batch[..taken])
                {
                    Assert.Equal(expected++, NumberOf(frame));
                }
            }
        }

        while (ring.Take(batch, int.MaxValue, out _) is var taken and > 0)
        {
            foreach (var frame in batch[..taken])
            {
                Assert.Equal(expected++, NumberOf(frame));
            }
        }

        Assert.Equal(next, expected);
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void A_batch_takes_at_least_one_frame_then_only_what_fits_in_the_byte_budget()
    {
        var ring = new FrameRing();
        ring.Add(new byte[100]);
        ring.Add(new byte[30]);
        ring.Add(new byte[30]);
        ring.Add(new byte[50]);
        var batch = new ReadOnlyMemory<byte>[8];

        Assert.Equal(1, ring.Take(batch, maxBytes: 60, out _));
        Assert.Equal(100, batch[0].Length);
        Assert.Equal(2, ring.Take(batch, maxBytes: 60, out var bytes));
        Assert.Equal(60, bytes);
        Assert.Equal(1, ring.Take(batch, maxBytes: 60, out _));
        Assert.Equal(50, batch[0].Length);
        Assert.Equal(0, ring.Take(batch, maxBytes: 60, out _));
        Assert.Equal(0, ring.Count);
    }

    private static ReadOnlyMemory<byte> FrameNumbered(int n) => BitConverter.GetBytes(n);

    private static int NumberOf(ReadOnlyMemory<byte> frame) => BitConverter.ToInt32(frame.Span);
}
