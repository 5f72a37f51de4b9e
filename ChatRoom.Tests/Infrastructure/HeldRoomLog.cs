using System.Runtime.CompilerServices;
using ChatRoom.Log;
using ChatRoom.Model;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// A log whose reader a test can hold: appends go through, entries wait until released. What a
/// busy reader looks like to a member's connection, without a delay: its command is appended but
/// not yet applied, so the connection is still waiting for it while the test acts.
/// </summary>
internal sealed class HeldRoomLog(IRoomLog inner) : IRoomLog
{
    private readonly Lock _gate = new();
    private readonly List<(Func<RoomCommand, bool> Match, TaskCompletionSource Done)> _watches = [];
    private TaskCompletionSource _open = Open();

    public bool IsAvailable => inner.IsAvailable;

    public Task<RoomSnapshot> LoadAsync(CancellationToken cancellationToken) => inner.LoadAsync(cancellationToken);

    public async IAsyncEnumerable<LogEntry> ReadAsync(long afterPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in inner.ReadAsync(afterPosition, cancellationToken))
        {
            Task open;
            lock (_gate)
            {
                open = _open.Task;
            }

            await open.WaitAsync(cancellationToken);
            yield return entry;
        }
    }

    public async ValueTask<AppendResult> AppendAsync(RoomCommand command, CancellationToken cancellationToken)
    {
        var result = await inner.AppendAsync(command, cancellationToken);
        lock (_gate)
        {
            _watches.RemoveAll(watch =>
            {
                if (!watch.Match(command))
                {
                    return false;
                }

                watch.Done.TrySetResult();
                return true;
            });
        }

        return result;
    }

    /// <summary>Entries the reader comes to from now on wait for <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _open.TrySetResult();
        }
    }

    /// <summary>Completes once a command matching <paramref name="match"/> has been appended (from now on).</summary>
    public Task AppendedAsync(Func<RoomCommand, bool> match)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _watches.Add((match, done));
        }

        return done.Task;
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
