namespace ChatRoom.Chat;

/// <summary>One connected person: who they are, how they read, and their outbox.</summary>
public sealed class Member(long id, WireFormat format, string remoteAddress, DateTimeOffset connectedAt, int sendQueueLimit, TimeSpan closeHandshakeTimeout)
    : IDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private long _messagesSent;
    private long _framesQueued;

    public long Id { get; } = id;

    /// <summary>Set by the room, under its lock, on joining and renaming.</summary>
    public string Name { get; internal set; } = "";

    public WireFormat Format { get; } = format;

    public Outbox Outbox { get; } = new(sendQueueLimit);

    public string RemoteAddress { get; } = remoteAddress;

    public DateTimeOffset ConnectedAt { get; } = connectedAt;

    /// <summary>The member's place in the room, freed by the room as it announces the member left.</summary>
    public IDisposable? Place { get; init; }

    /// <summary>Cancelled when the connection must end now: the peer is gone, or ignored our close.</summary>
    public CancellationToken Aborted => _abort.Token;

    public bool IsClosing => Outbox.Close is not null;

    /// <summary>Messages this member sent into the room.</summary>
    public long MessagesSent => Volatile.Read(ref _messagesSent);

    /// <summary>Frames queued to this member: events, acks and replies.</summary>
    public long FramesQueued => Volatile.Read(ref _framesQueued);

    public void CountMessageSent() => Interlocked.Increment(ref _messagesSent);

    /// <summary>
    /// Queues a frame without waiting. A full outbox means the member cannot keep up: it is closed
    /// as too slow rather than making the room wait for it.
    /// </summary>
    public Delivery Send(ReadOnlyMemory<byte> frame)
    {
        if (Outbox.TryEnqueue(frame))
        {
            Interlocked.Increment(ref _framesQueued);
            return Delivery.Queued;
        }

        return RequestClose(CloseRequest.TooSlow) ? Delivery.Overflowed : Delivery.Closed;
    }

    /// <summary>
    /// Ends the connection with a close frame after the queued frames (unless the request discards
    /// them). A peer that has not completed the close handshake in time is aborted.
    /// Returns false when the member was already closing.
    /// </summary>
    public bool RequestClose(CloseRequest request)
    {
        if (!Outbox.TryClose(request))
        {
            return false;
        }

        _abort.CancelAfter(closeHandshakeTimeout);
        return true;
    }

    public void Abort() => _abort.Cancel();

    public void Dispose() => _abort.Dispose();

    public override string ToString() => $"#{Id} {Name}";
}

public enum Delivery
{
    Queued,

    /// <summary>This frame found the outbox full: the member is now closing as too slow.</summary>
    Overflowed,

    /// <summary>The member was already closing; nothing is queued to it any more.</summary>
    Closed,
}
