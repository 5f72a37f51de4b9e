using ChatRoom.Transport;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Tests.Unit;

/// <summary>The send queue's three bounds (Chat:SendQueueLimit, SendTimeout, SendQueueBytes), on a fake clock.</summary>
public sealed class OutboxTests
{
    private static readonly ReadOnlyMemory<byte> Frame = new byte[100];

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Past_the_frame_limit_a_frame_is_refused_only_while_a_write_has_stalled_for_the_timeout()
    {
        var outbox = new Outbox(eventLimit: 3, byteLimit: 1024 * 1024, stallTimeout: TimeSpan.FromSeconds(5), _time);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(outbox.TryEnqueue(Frame), "no write under way: a reader that keeps up is never refused");
        }

        outbox.WriteStarted();
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.True(outbox.TryEnqueue(Frame), "the write has not stalled for the timeout yet");

        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.False(outbox.TryEnqueue(Frame));
        Assert.Equal(11, outbox.Count);

        outbox.WriteEnded();
        Assert.True(outbox.TryEnqueue(Frame), "the socket took the write: not stalled any more");
    }

    [Fact]
    public void Past_the_byte_limit_a_frame_is_refused_however_fast_the_socket_takes_writes()
    {
        var outbox = new Outbox(eventLimit: 1_000_000, byteLimit: 1000, stallTimeout: TimeSpan.FromSeconds(5), _time);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(outbox.TryEnqueue(Frame));
        }

        Assert.False(outbox.TryEnqueue(Frame));
        Assert.Equal(1000, outbox.Bytes);

        Assert.True(outbox.TryDequeue(out _));
        Assert.True(outbox.TryEnqueue(Frame), "dequeuing frees its bytes");
        Assert.Equal(1000, outbox.Bytes);
    }
}
