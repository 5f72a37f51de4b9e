using System.Threading.Channels;
using ChatRoom.Model;
using ChatRoom.Names;
using Microsoft.Extensions.Options;

namespace ChatRoom.Log;

/// <summary>
/// The room in one process (the default): decisions under one lock, entries handed to the one
/// reader through an unbounded channel. Nothing is kept once read: the reader's copy of the room
/// holds what resume and history need. A new process is a new epoch, and ids start again at 1.
/// </summary>
internal sealed class InProcessRoomLog(IOptions<ChatOptions> options, TimeProvider time) : IRoomLog
{
    private readonly Lock _gate = new();
    private readonly RoomLedger _ledger = new(options.Value.MaxMembers, options.Value.AnnounceJoinsUpTo);
    // No synchronous continuations: an append must not run the reader, which then writes to every
    // member, on its own thread under the lock. The reader runs apart, and what is appended while
    // it writes is applied together and leaves in one write per member.
    private readonly Channel<LogEntry> _entries = Channel.CreateUnbounded<LogEntry>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly string _epoch = RoomEpoch.New();

    public bool IsAvailable => true;

    public Task<RoomSnapshot> LoadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(RoomSnapshot.Empty(_epoch));

    /// <remarks>A live feed: the one reader starts from the empty room and never falls out of it.</remarks>
    public IAsyncEnumerable<LogEntry> ReadAsync(long afterPosition, CancellationToken cancellationToken) =>
        _entries.Reader.ReadAllAsync(cancellationToken);

    public ValueTask<AppendResult> AppendAsync(RoomCommand command, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Written under the lock, so the channel holds entries in position order.
            var result = _ledger.Decide(command, time.GetUtcNow(), out var entry, out var displaced);
            if (displaced is not null)
            {
                _entries.Writer.TryWrite(displaced);
            }

            if (entry is not null)
            {
                _entries.Writer.TryWrite(entry);
            }

            return ValueTask.FromResult(result);
        }
    }
}
