namespace ChatRoom.Rooms;

/// <summary>
/// Appenders waiting for this instance to apply their entry, so that a member's next command,
/// and any reply to it, comes after what its last one caused. The reader wakes them.
/// </summary>
internal sealed class AppliedPositions(RoomState state)
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<TaskCompletionSource, long> _waiters = new();

    /// <summary>Completes once the entry at <paramref name="position"/> has been applied here.</summary>
    public Task WaitAsync(long position, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (state.Position >= position)
            {
                return Task.CompletedTask;
            }

            var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(applied, position);
            return applied.Task.WaitAsync(cancellationToken);
        }
    }

    public void Applied(long position) => Release(position, failure: null);

    /// <summary>The room here was reset: every waiter fails with <paramref name="reason"/>.</summary>
    public void Fail(Exception reason) => Release(long.MaxValue, reason);

    private void Release(long position, Exception? failure)
    {
        lock (_gate)
        {
            while (_waiters.TryPeek(out var waiter, out var awaited) && awaited <= position)
            {
                _waiters.Dequeue();
                if (failure is null)
                {
                    waiter.TrySetResult();
                }
                else
                {
                    waiter.TrySetException(failure);
                }
            }
        }
    }
}
