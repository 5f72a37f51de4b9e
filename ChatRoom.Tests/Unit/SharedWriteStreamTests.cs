using ChatRoom.Transport;

namespace ChatRoom.Tests.Unit;

/// <summary>Disposal ends every write on the shared stream: nothing waits forever on a dead connection.</summary>
public sealed class SharedWriteStreamTests
{
    [Fact]
    public async Task Disposing_ends_a_write_waiting_for_the_lock_and_aborts_the_connection_under_a_stuck_write()
    {
        var inner = new StuckStream();
        var aborted = 0;
        var stream = new SharedWriteStream(inner, () => { aborted++; inner.Release(); });

        // A pong with no cancellation, stuck against a peer that does not read.
        var stuck = stream.WriteAsync(new byte[] { 1 }, CancellationToken.None).AsTask();
        await inner.Entered.Task;
        var waiting = stream.WriteAsync(new byte[] { 2 }, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        await stream.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
        await Assert.ThrowsAsync<IOException>(() => stuck);
        Assert.Equal(1, aborted);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stream.WriteAsync(new byte[] { 3 }, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Disposing_an_idle_stream_leaves_the_connection_to_close_gracefully()
    {
        var inner = new MemoryStream();
        var aborted = false;
        var stream = new SharedWriteStream(inner, () => aborted = true);
        await stream.WriteAsync(new byte[] { 1, 2 }, TestContext.Current.CancellationToken);

        await stream.DisposeAsync();

        Assert.False(aborted);
        Assert.Equal([1, 2], inner.ToArray());
    }

    [Fact]
    public async Task A_cancelled_wait_for_the_lock_ends_with_cancellation()
    {
        var inner = new StuckStream();
        await using var stream = new SharedWriteStream(inner, inner.Release);
        var first = stream.WriteAsync(new byte[] { 1 }, CancellationToken.None).AsTask();
        await inner.Entered.Task;
        using var cancel = new CancellationTokenSource();
        var second = stream.WriteAsync(new byte[] { 2 }, cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.False(first.IsCompleted);
        inner.Release();
        await Assert.ThrowsAsync<IOException>(() => first);
    }

    /// <summary>A connection whose writes block until the connection is aborted (released).</summary>
    private sealed class StuckStream : MemoryStream
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            await _released.Task;
            throw new IOException("connection aborted");
        }
    }
}
