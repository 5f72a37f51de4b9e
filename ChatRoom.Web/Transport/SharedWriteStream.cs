namespace ChatRoom.Transport;

/// <summary>
/// The upgraded connection's stream, with writes serialized so that two writers can share it:
/// the WebSocket (pongs, keep-alive pings, close frames, one whole frame per write) and the
/// member's send pump, which writes batches of whole data frames. Frames never interleave.
/// </summary>
/// <remarks>
/// Disposing it (the WebSocket does when it is aborted, e.g. by the keep-alive) ends every write:
/// waiters for the lock are cancelled, and a write already under way against a peer that does not
/// read (blocked on Kestrel's back-pressure, possibly a pong with no cancellation at all) is ended
/// by aborting the connection. Without that, the member's writer could wait forever and the
/// request never complete. The lock is never disposed: waiting on a disposed
/// SemaphoreSlim never returns, not even when cancelled.
/// </remarks>
internal sealed class SharedWriteStream(Stream inner, Action abortConnection) : Stream
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private int _writers;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writers);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            if (!_writeLock.Wait(0, CancellationToken.None))
            {
                await WaitForTurnAsync(cancellationToken);
            }

            try
            {
                // The lock may have been handed over as the stream was disposed.
                ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
                await inner.WriteAsync(buffer, cancellationToken);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _writers);
        }
    }

    /// <summary>Only a contended write pays for the linked token that disposal cancels.</summary>
    private async Task WaitForTurnAsync(CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        try
        {
            await _writeLock.WaitAsync(either.Token);
        }
        catch (OperationCanceledException)
            when (_disposed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(SharedWriteStream));
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

    public override void Flush() => throw new NotSupportedException("async only");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
            if (Volatile.Read(ref _writers) > 0)
            {
                // A write is stuck against a peer that does not read: only ending the connection frees it.
                abortConnection();
            }

            inner.Dispose();
            _disposed.Dispose();
        }

        base.Dispose(disposing);
    }
}
