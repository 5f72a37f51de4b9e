using System.Runtime.CompilerServices;
using ChatRoom.Log;
using ChatRoom.Model;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// A log that knows how far its reader has got, so a test can wait until everything it appended
/// has been applied and delivered instead of guessing with a delay.
/// </summary>
internal sealed class SettlingRoomLog(IRoomLog inner) : IRoomLog
{
    private readonly Lock _gate = new();
    private readonly List<(long Position, TaskCompletionSource Done)> _waiters = [];
    private long _appended;
    private long _applied;

    public bool IsAvailable => inner.IsAvailable;

    public Task<RoomSnapshot> LoadAsync(CancellationToken cancellationToken) => inner.LoadAsync(cancellationToken);

    public async IAsyncEnumerable<LogEntry> ReadAsync(long afterPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in inner.ReadAsync(afterPosition, cancellationToken))
        {
            yield return entry;

            // The reader asks for the next entry only once it has applied this one.
            Applied(entry.Position);
        }
    }

    public async ValueTask<AppendResult> AppendAsync(RoomCommand command, CancellationToken cancellationToken)
    {
        var result = await inner.AppendAsync(command, cancellationToken);
        lock (_gate)
        {
            _appended = Math.Max(_appended, result.Position);
        }

        return result;
    }

    /// <summary>Completes once every entry appended so far has been applied.</summary>
    public Task SettledAsync()
    {
        lock (_gate)
        {
            if (_applied >= _appended)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_appended, done));
            return done.Task;
        }
    }

    private void Applied(long position)
    {
        lock (_gate)
        {
            _applied = position;
            _waiters.RemoveAll(w =>
            {
                if (w.Position > position)
                {
                    return false;
                }

                w.Done.TrySetResult();
                return true;
            });
        }
    }
}
