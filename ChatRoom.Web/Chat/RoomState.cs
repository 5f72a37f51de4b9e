using ChatRoom.Log;
using Microsoft.Extensions.Options;

namespace ChatRoom.Chat;

/// <summary>
/// This instance's copy of the room, changed only by applying log entries in position order:
/// who is in it, its history and resume window, and the members here that each event goes to.
/// A joiner's welcome is built as its own join is applied, so it shows the room exactly as of
/// that point and every later event reaches its outbox.
/// </summary>
public sealed class RoomState(
    Roster roster,
    LocalMembers locals,
    RoomFanOut fanOut,
    RoomInstance instance,
    ChatMetrics metrics,
    IOptions<ChatOptions> options)
{
    private readonly Lock _applying = new();
    private readonly Lock _waitersGate = new();
    private readonly PriorityQueue<TaskCompletionSource, long> _waiters = new();
    private readonly RecentEvents _recent = new(options.Value.HistorySize, options.Value.ResumeWindow);
    private volatile string? _epoch;
    private long _position;
    private long _lastId;
    private long _messageCount;

    /// <summary>The reader's alone, like <see cref="Apply"/> and <see cref="Flush"/>.</summary>
    private bool _flushDue;

    /// <summary>Null until the reader has loaded the room.</summary>
    public string? Epoch => _epoch;

    /// <summary>The position of the last entry applied.</summary>
    public long Position => Interlocked.Read(ref _position);

    public long LastId => Interlocked.Read(ref _lastId);

    public long MessageCount => Interlocked.Read(ref _messageCount);

    public void Load(RoomSnapshot snapshot)
    {
        lock (_applying)
        {
            _recent.Clear();
            roster.Clear();
            foreach (var (key, name) in snapshot.Members)
            {
                roster.Add(key, name);
            }

            foreach (var entry in snapshot.EarlierMessages)
            {
                _recent.RecordHistory(new EncodedEvent(Sequence(entry)));
            }

            foreach (var entry in snapshot.Recent)
            {
                _recent.Record(new EncodedEvent(Sequence(entry)));
            }

            Interlocked.Exchange(ref _position, snapshot.Position);
            Interlocked.Exchange(ref _lastId, snapshot.LastId);
            Interlocked.Exchange(ref _messageCount, snapshot.MessageCount);
            _epoch = snapshot.Epoch;
        }
    }

    public void Apply(LogEntry entry)
    {
        lock (_applying)
        {
            var encoded = entry.IsBroadcast ? new EncodedEvent(Sequence(entry)) : null;
            var local = entry.Member is { } key && key.Instance == instance.Id ? key.Id : 0;
            PendingJoin? joiner = null;
            switch (entry.Event)
            {
                case MemberJoined joined:
                    roster.Add(entry.Member!.Value, joined.Name);
                    joiner = local != 0 ? locals.TakePending(local) : null;
                    break;
                case MemberLeft:
                    roster.Remove(entry.Member!.Value);
                    if (local != 0 && locals.Remove(local) is { } gone)
                    {
                        metrics.MemberLeft();

                        // A leave this member did not ask for (its instance was declared dead while it
                        // was still connected): it must reconnect. One that left is closing already.
                        gone.RequestClose(CloseRequest.Reconnect);
                    }

                    break;
                case MemberRenamed renamed:
                    roster.Rename(entry.Member!.Value, renamed.To);
                    if (local != 0 && locals.TryGet(local, out var member))
                    {
                        member.Name = renamed.To;
                    }

                    break;
                case ChatMessage:
                    Interlocked.Increment(ref _messageCount);
                    break;
            }

            if (encoded is not null)
            {
                fanOut.Enqueue(encoded, locals.All);
                _flushDue = true;
            }

            if (joiner is not null)
            {
                Welcome(joiner, (MemberJoined)entry.Event, entry.IsBroadcast ? entry.Id : LastId);
            }

            if (encoded is not null)
            {
                _recent.Record(encoded);
                Interlocked.Exchange(ref _lastId, entry.Id);
            }

            Interlocked.Exchange(ref _position, entry.Position);
        }

        ReleaseWaiters(entry.Position, failure: null);
    }

    /// <summary>
    /// Writes the events applied since the last flush to the members here: the reader calls it
    /// when it has applied every entry at hand, so a burst leaves in one write per member.
    /// </summary>
    public void Flush()
    {
        if (_flushDue)
        {
            _flushDue = false;
            RoomFanOut.Flush(locals.All);
        }
    }

    /// <summary>
    /// Completes once the entry at <paramref name="position"/> has been applied here, so that a
    /// member's next command, and any reply to it, comes after what its last one caused.
    /// </summary>
    public Task AppliedAsync(long position, CancellationToken cancellationToken)
    {
        lock (_waitersGate)
        {
            if (Position >= position)
            {
                return Task.CompletedTask;
            }

            var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(applied, position);
            return applied.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Tells every member here whose count is out of date how many are online now.</summary>
    public void SendPresence()
    {
        lock (_applying)
        {
            var online = roster.Count;
            byte[]? plainText = null;
            byte[]? json = null;
            foreach (var member in locals.All)
            {
                if (member.KnownOnline == online)
                {
                    continue;
                }

                member.KnownOnline = online;
                var frame = member.Format == WireFormat.Json
                    ? json ??= JsonWire.Encode(new Presence(online))
                    : plainText ??= PlainTextWire.Encode(new Presence(online));
                fanOut.Deliver(member, frame);
            }
        }
    }

    /// <summary>
    /// Forgets the room after the log lost continuity: members here are closed with 1012 (they
    /// resume, on any instance) and joins still waiting fail. The reader then loads it anew.
    /// </summary>
    public void Reset(string reason)
    {
        lock (_applying)
        {
            _epoch = null;
            foreach (var member in locals.Clear(new RoomUnavailableException(reason)))
            {
                member.RequestClose(CloseRequest.Reconnect);
                metrics.MemberLeft();
            }

            roster.Clear();
            _recent.Clear();
        }

        ReleaseWaiters(long.MaxValue, new RoomUnavailableException(reason));
    }

    private void ReleaseWaiters(long position, Exception? failure)
    {
        lock (_waitersGate)
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

    private void Welcome(PendingJoin joiner, MemberJoined joined, long last)
    {
        var member = joiner.Member;
        member.Name = joined.Name;
        member.KnownOnline = joined.Online;
        var resumed = joiner.Resume is { } resume && resume.Epoch == _epoch
            ? _recent.TryGetSince(resume.Since, last, out var missed) ? missed : null
            : null;
        var view = roster.View;
        locals.Add(member);
        metrics.MemberJoined();
        joiner.Complete(new Welcome(
            joined.Name,
            joined.Online,
            view.Listed,
            resumed ?? _recent.History(),
            options.Value.MaxMessageBytes,
            _epoch!,
            last,
            joiner.Resume is null ? null : resumed is not null)
        {
            UsualHistory = resumed is null ? [] : _recent.History(),
        });
    }

    /// <summary>The event as members see it; a message's sender here gets an ack in its place.</summary>
    private SequencedEvent Sequence(LogEntry entry)
    {
        var origin = entry is { Event: ChatMessage, Member: { } key } && key.Instance == instance.Id ? key.Id : 0;
        return new SequencedEvent(entry.Id, entry.Timestamp, entry.Event, origin);
    }
}
