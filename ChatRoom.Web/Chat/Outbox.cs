using System.Net.WebSockets;
using System.Threading.Channels;

namespace ChatRoom.Chat;

/// <summary>
/// A member's bounded queue of encoded frames, filled by the room and drained by the member's
/// send loop. Filling never waits: a full outbox means the member cannot keep up.
/// </summary>
public sealed class Outbox(int limit)
{
    private readonly Channel<ReadOnlyMemory<byte>> _frames =
        Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true });

    private int _count;
    private CloseRequest? _close;

    /// <summary>Set once the outbox is closed: the close frame the send loop ends with.</summary>
    public CloseRequest? Close => Volatile.Read(ref _close);

    public int Count => Volatile.Read(ref _count);

    /// <summary>Queues a frame; false when the outbox is full or already closed.</summary>
    public bool TryEnqueue(ReadOnlyMemory<byte> frame)
    {
        if (Interlocked.Increment(ref _count) > limit || !_frames.Writer.TryWrite(frame))
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        return true;
    }

    /// <summary>True once closed with a request to drop what is still queued.</summary>
    public bool DiscardsPending => Close is { DiscardPending: true };

    public bool TryPeek(out ReadOnlyMemory<byte> frame) => _frames.Reader.TryPeek(out frame);

    public bool TryDequeue(out ReadOnlyMemory<byte> frame)
    {
        if (_frames.Reader.TryRead(out frame))
        {
            Interlocked.Decrement(ref _count);
            return true;
        }

        return false;
    }

    /// <summary>Waits for a frame; false once the outbox is closed and drained.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) =>
        _frames.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Accepts no more frames. The first close wins; false if already closed.</summary>
    public bool TryClose(CloseRequest request)
    {
        if (Interlocked.CompareExchange(ref _close, request, null) is not null)
        {
            return false;
        }

        _frames.Writer.TryComplete();
        return true;
    }
}

/// <summary>
/// Why and how a member's connection ends. <paramref name="DiscardPending"/> drops frames still
/// queued (a member too slow to read them), instead of flushing them before the close frame.
/// </summary>
public sealed record CloseRequest(WebSocketCloseStatus Status, string Reason, bool DiscardPending = false)
{
    public static readonly CloseRequest TooSlow = new(WebSocketCloseStatus.PolicyViolation, "too slow", DiscardPending: true);
    public static readonly CloseRequest Flooding = new(WebSocketCloseStatus.PolicyViolation, "flooding");
    public static readonly CloseRequest BinaryFrame = new(WebSocketCloseStatus.InvalidMessageType, "binary frames are not supported");
    public static readonly CloseRequest ShuttingDown = new(WebSocketCloseStatus.EndpointUnavailable, "server is shutting down");
    public static readonly CloseRequest ClientClosed = new(WebSocketCloseStatus.NormalClosure, "bye");

    /// <summary>The WebSocket layer already sent the close (1002 or 1007) for a frame it refused.</summary>
    public static readonly CloseRequest Refused = new(WebSocketCloseStatus.ProtocolError, "invalid frame", DiscardPending: true);
    public static readonly CloseRequest ConnectionLost = new(WebSocketCloseStatus.Empty, "connection lost", DiscardPending: true);
}
