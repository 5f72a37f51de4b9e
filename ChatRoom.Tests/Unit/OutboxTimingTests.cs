using ChatRoom.Transport;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Tests.Unit;

/// <summary>The send-latency clock of the queue: what the histogram records per batch.</summary>
public sealed class OutboxTimingTests
{
    [Fact]
    public void A_batch_is_timed_from_the_frame_that_found_the_queue_empty()
    {
        var time = new FakeTimeProvider();
        var outbox = new Outbox(16, 1024, TimeSpan.FromSeconds(5), time);
        Assert.Equal(0, outbox.TakeQueuedSince());

        Assert.True(outbox.TryEnqueue(new byte[] { 1 }));
        time.Advance(TimeSpan.FromMilliseconds(3));
        Assert.True(outbox.TryEnqueue(new byte[] { 2 }));
        time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.True(outbox.TryDequeue(out _));
        Assert.True(outbox.TryDequeue(out _));

        var since = outbox.TakeQueuedSince();
        Assert.Equal(TimeSpan.FromMilliseconds(5), outbox.ElapsedSince(since));
        Assert.Equal(0, outbox.TakeQueuedSince());
    }

    [Fact]
    public void Frames_left_behind_by_a_batch_are_timed_from_when_the_batch_was_taken()
    {
        var time = new FakeTimeProvider();
        var outbox = new Outbox(16, 1024, TimeSpan.FromSeconds(5), time);
        Assert.True(outbox.TryEnqueue(new byte[] { 1 }));
        Assert.True(outbox.TryEnqueue(new byte[] { 2 }));
        time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.True(outbox.TryDequeue(out _));

        Assert.Equal(TimeSpan.FromMilliseconds(4), outbox.ElapsedSince(outbox.TakeQueuedSince()));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(outbox.TryDequeue(out _));
        Assert.Equal(TimeSpan.FromMilliseconds(1), outbox.ElapsedSince(outbox.TakeQueuedSince()));
    }
}
