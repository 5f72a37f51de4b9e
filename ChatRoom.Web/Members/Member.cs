using ChatRoom.Diagnostics;
using ChatRoom.Model;
using ChatRoom.Transport;
using ChatRoom.Wire;

namespace ChatRoom.Members;

/// <summary>One person connected to this instance: who they are, how they read, and their outbox.</summary>
internal sealed class Member(
    MemberKey key,
    IWireFormat format,
    string remoteAddress,
    DateTimeOffset connectedAt,
    Outbox outbox,
    TimeSpan closeHandshakeTimeout,
    MemberIdentity? identity = null)
    : IDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _closing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SendPump? _sender;
    private ITimer? _welcomeDue;
    private string _name = "";
    private long _messagesSent;
    private long _framesQueued;

    public MemberKey Key { get; } = key;

    public long Id => Key.Id;

    /// <summary>Set by the room's reader as it applies this member's join and renames.</summary>
    public string Name
    {
        get => Volatile.Read(ref _name);
        internal set => Volatile.Write(ref _name, value);
    }

    /// <summary>Who this member is by its token; null for an anonymous member.</summary>
    public MemberIdentity? Identity { get; } = identity;

    public IWireFormat Format { get; } = format;

    public bool IsModerator => Identity?.IsModerator == true;

    /// <summary>
    /// What its bans and mutes hold: its subject when signed in, else its address (every anonymous
    /// member behind one address shares them).
    /// </summary>
    public string BanKey => Identity is { } signedIn ? "sub:" + signedIn.Subject : "ip:" + RemoteAddress;

    public Outbox Outbox { get; } = outbox;

    public string RemoteAddress { get; } = remoteAddress;

    public DateTimeOffset ConnectedAt { get; } = connectedAt;

    /// <summary>
    /// The room's count as this member last heard it (welcome, join, leave, presence); the reader's
    /// alone.
    /// </summary>
    internal int KnownOnline { get; set; }

    /// <summary>Cancelled when the connection must end now: the peer is gone, or ignored our close.</summary>
    public CancellationToken Aborted => _abort.Token;

    public bool IsClosing => Outbox.Close is not null;

    /// <summary>Completes when the connection is asked to end, by the server or the peer.</summary>
    public Task Closing => _closing.Task;

    /// <summary>Messages this member sent into the room.</summary>
    public long MessagesSent => Volatile.Read(ref _messagesSent);

    /// <summary>Frames queued to this member: events, acks and replies.</summary>
    public long FramesQueued => Volatile.Read(ref _framesQueued);

    public void CountMessageSent() => Interlocked.Increment(ref _messagesSent);

    /// <summary>Queues a frame and writes it now if the socket is free and takes it at once.</summary>
    public Delivery Deliver(ReadOnlyMemory<byte> frame)
    {
        var delivery = Enqueue(frame);
        Flush();
        return delivery;
    }

    /// <summary>
    /// Queues a frame without waiting; it is written at the next <see cref="Flush"/>. A member that
    /// cannot keep up is closed as too slow rather than making the room wait for it; it then
    /// leaves the room like any other leaver.
    /// </summary>
    public Delivery Enqueue(ReadOnlyMemory<byte> frame)
    {
        if (Outbox.TryEnqueue(frame))
        {
            Interlocked.Increment(ref _framesQueued);
            return Delivery.Queued;
        }

        return RequestClose(CloseRequest.TooSlow) ? Delivery.Overflowed : Delivery.Closed;
    }

    /// <summary>Writes what is queued, in one write where it can, unless a write is already under way.</summary>
    public void Flush() => Volatile.Read(ref _sender)?.Pump();

    /// <summary>
    /// From now on frames go to <paramref name="writer"/> as they are queued (after the
    /// <paramref name="coalescer"/>'s wait, when it has one): first the
    /// <paramref name="welcome"/>, then those queued since the join. The welcome is held to the
    /// send queue's bounds like any frame: one that does not fit beside what is queued, or that the
    /// socket has not taken within the send timeout, closes the member as too slow.
    /// </summary>
    public void StartSending(IFrameWriter writer, ChatMetrics metrics,
        IReadOnlyList<ReadOnlyMemory<byte>>? welcome = null, WriteCoalescer? coalescer = null)
    {
        if (welcome is not null)
        {
            if (Outbox.TryQueueWelcome(welcome))
            {
                // Let go once it has fired: an idle member would otherwise keep a spent timer (≈ 250 B).
                _welcomeDue = Outbox.AtWelcomeDeadline(late =>
                {
                    Interlocked.Exchange(ref _welcomeDue, null)?.Dispose();
                    if (late)
                    {
                        CloseTooSlow(metrics);
                    }
                });
            }
            else
            {
                CloseTooSlow(metrics);
            }
        }

        var sender = new SendPump(Outbox, writer, metrics, _abort, coalescer);
        Interlocked.Exchange(ref _sender, sender);
        sender.Pump();
    }

    /// <summary>
    /// Writes what is still queued unless the close discards it; after this, only the close frame
    /// follows.
    /// </summary>
    public Task StopSendingAsync() => Volatile.Read(ref _sender)?.StopAsync() ?? Task.CompletedTask;

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
        _closing.TrySetResult();
        return true;
    }

    public void Abort() => _abort.Cancel();

    private void CloseTooSlow(ChatMetrics metrics)
    {
        if (RequestClose(CloseRequest.TooSlow))
        {
            metrics.SendQueueOverflowed();
        }
    }

    /// <summary>
    /// The transport has ended (Kestrel reports a client's FIN as an aborted request): frames that
    /// arrived before it are still to be read, the last message and the close frame among them, so
    /// the connection is aborted only if it has not ended by itself within the close-handshake grace.
    /// </summary>
    public void TransportEnded() => _abort.CancelAfter(closeHandshakeTimeout);

    public void Dispose()
    {
        // Closed for good first: its leave may be applied after this, and must find it closing
        // rather than cancel a disposed token (which threw inside Apply and reset the room).
        Outbox.TryClose(CloseRequest.ConnectionLost);
        Outbox.Discard();
        Interlocked.Exchange(ref _welcomeDue, null)?.Dispose();
        _abort.Dispose();
    }

    public override string ToString() => $"#{Id} {Name}";
}

internal enum Delivery
{
    Queued,

    /// <summary>This frame found the member unable to keep up: it is now closing as too slow.</summary>
    Overflowed,

    /// <summary>The member was already closing; nothing is queued to it any more.</summary>
    Closed,
}
