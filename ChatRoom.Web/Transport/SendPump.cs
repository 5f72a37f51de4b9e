using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using ChatRoom.Diagnostics;

namespace ChatRoom.Transport;

/// <summary>
/// Writes a member's outbox to its socket in queue order, one writer at a time: gorilla's write
/// pump, without a thread or task of its own. Whoever queues a frame while nobody is writing writes
/// it on their own thread, and the socket takes almost every write at once, so a broadcast reaches
/// an idle member without waking anything up. A write the socket cannot take at once finishes
/// asynchronously, holding the turn, and what was queued meanwhile follows it from there.
/// </summary>
[SuppressMessage(
    "Design",
    "CA1001",
    Justification = "A SemaphoreSlim holds nothing to dispose unless its wait handle is used; a late Pump must not " +
        "meet a disposed one.")]
/// <param name="aborted">Cancelled when the connection must end now; the pump cancels it when a write fails.</param>
/// <param name="coalescer">
/// When enabled (<c>Chat:WriteDelay</c> above 0), each turn waits there before writing, so frames queued
/// meanwhile share the write.
/// </param>
internal sealed class SendPump(Outbox outbox, IFrameWriter writer, ChatMetrics metrics, CancellationTokenSource aborted,
    WriteCoalescer? coalescer = null)
{
    /// <summary>Bytes of queued frames handed to the transport at once: one write, usually one syscall.</summary>
    public const int BatchBytes = 64 * 1024;

    /// <summary>The right to write, held by one thread at a time (for good once stopped).</summary>
    private readonly SemaphoreSlim _turn = new(1, 1);

    private readonly WriteCoalescer? _coalescer = coalescer is { Enabled: true } ? coalescer : null;

    private Exception? _fault;

    /// <summary>
    /// Writes what is queued, unless another thread is writing: it writes this too before it lets
    /// go.
    /// </summary>
    public void Pump()
    {
        if (outbox.HasFrames && _turn.Wait(0) && !WaitsToCoalesce())
        {
            // Completes here unless a write could not; its continuation then carries on alone,
            // and StopAsync waits for it by taking the turn.
            _ = WriteWhileQueuedAsync();
        }
    }

    /// <summary>Called by the coalescer when this pump's wait is over: writes with the turn it holds.</summary>
    public void WriteNow() => _ = WriteWhileQueuedAsync();

    /// <summary>
    /// Waits for the write under way, writes what is still queued unless the close discards it,
    /// and keeps the turn: after this, only the close frame may follow.
    /// </summary>
    public async Task StopAsync()
    {
        await _turn.WaitAsync(CancellationToken.None);
        if (_fault is { } fault)
        {
            ExceptionDispatchInfo.Throw(fault);
        }

        await WriteBatchesAsync();
    }

    /// <summary>Called with the turn; lets go of it when the queue is empty, rechecking after letting go.</summary>
    private async Task WriteWhileQueuedAsync()
    {
        do
        {
            try
            {
                await WriteBatchesAsync();
            }
            catch (Exception exception)
            {
                // Nothing more can be written either way; only a failure that is not the peer going
                // away is kept, for the connection to report when it stops.
                if (!Disconnects.IsDisconnect(exception))
                {
                    _fault ??= exception;
                }

                aborted.Cancel();
            }
            finally
            {
                _turn.Release();
            }
        }

        // A frame queued between our last look and letting go found the turn taken: it is ours.
        while (outbox.HasFrames && !aborted.IsCancellationRequested && _turn.Wait(0) && !WaitsToCoalesce());
    }

    /// <summary>
    /// With a coalescer, the turn just taken waits for its round instead of writing now: what is
    /// queued until the round ends goes in one write.
    /// </summary>
    private bool WaitsToCoalesce()
    {
        if (_coalescer is null)
        {
            return false;
        }

        _coalescer.Wait(this);
        return true;
    }

    private async Task WriteBatchesAsync()
    {
        while (!outbox.DiscardsPending && !aborted.IsCancellationRequested && outbox.HasFrames)
        {
            // Rented per batch, not kept: a list kept for the socket's lifetime stayed as large as
            // the member's largest batch (up to 2 KB per idle member after the join storm).
            var batch = ArrayPool<ReadOnlyMemory<byte>>.Shared.Rent(Math.Max(1, outbox.Count));
            var count = outbox.TakeBatch(batch, BatchBytes, out var bytes);
            try
            {
                var queuedSince = outbox.TakeQueuedSince();
                var write = writer.WriteAsync(batch.AsMemory(0, count), aborted.Token);
                if (!write.IsCompleted)
                {
                    // The stall clock runs while the socket has not taken a write: that, not how
                    // much is queued, tells a member that does not read from a server that is busy.
                    outbox.WriteStarted();
                    try
                    {
                        await write;
                    }
                    finally
                    {
                        outbox.WriteEnded();
                    }
                }
                else
                {
                    write.GetAwaiter().GetResult();
                }

                if (queuedSince != 0)
                {
                    // Once per batch, for its oldest frame: what a reader of this member waited at worst.
                    metrics.BatchSent(outbox.ElapsedSince(queuedSince));
                }
            }
            finally
            {
                outbox.Written(bytes);

                // The pool does not clear arrays of structs that hold references: the frames would stay reachable.
                Array.Clear(batch, 0, count);
                ArrayPool<ReadOnlyMemory<byte>>.Shared.Return(batch);
            }
        }
    }
}
