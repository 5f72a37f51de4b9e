using System.Threading.Channels;
using ChatRoom.Client.Protocol;
using ChatRoom.Client.Sending;

namespace ChatRoom.Client.Connection;

/// <summary>
/// The member's whole session, across connections and rooms. Each stay in a room runs its connection
/// to the end, then reconnects with backoff and resumes (<see cref="RoomStay"/>), until the server's
/// answer is final, the app closes, or a switch to another room ends the stay and starts the next.
/// </summary>
internal sealed class ChatSession : IDisposable
{
    // How long a close waits for the server's close frame before dropping the connection.
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly SocketOpener _opener;
    private readonly ChatClientOptions _options;
    private readonly Channel<PendingSend> _outgoing = Channel.CreateUnbounded<PendingSend>(
        new UnboundedChannelOptions { SingleReader = true });

    // One switch or close at a time: each ends the current stay.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _endReason;
    private volatile RoomStay? _stay;

    public ChatSession(Uri uri, string? key, ChatClientOptions options)
    {
        _opener = new SocketOpener(uri, key, options);
        _options = options;
    }

    public Timeline Timeline { get; } = new();

    public ChannelWriter<PendingSend> Outgoing => _outgoing.Writer;

    public bool IsConnected => _stay?.IsConnected == true;

    /// <summary>Why the session ended; null while it goes on.</summary>
    public string? EndReason => _endReason;

    public bool QueuesWhileDisconnected => _options.QueueWhileDisconnected;

    public bool HasEnded => _ended.Task.IsCompleted;

    /// <summary>
    /// Connects for the first time; a failure throws <see cref="ConnectFailedException"/> and nothing is retried.
    /// </summary>
    public async Task StartAsync(string name, CancellationToken cancellationToken)
    {
        var (socket, welcome) = await _opener.OpenAsync(name, _options.Room, resume: null, cancellationToken);
        Timeline.Enter(_options.Room, resume: null);
        Stay(socket, welcome, resume: null);
    }

    /// <summary>
    /// Opens a connection to <paramref name="room"/>, resuming where this session left it, and only then
    /// leaves the current room (1000): a refused room (<see cref="ConnectFailedException"/>) leaves the
    /// member where it was.
    /// </summary>
    public async Task SwitchAsync(string room, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            if (HasEnded)
            {
                throw new ChatNotConnectedException($"the session has ended: {_endReason}");
            }

            if (Timeline.IsIn(room))
            {
                return;
            }

            var resume = Timeline.PositionIn(room);
            var (socket, welcome) = await _opener.OpenAsync(Timeline.You, room, resume, cancellationToken);
            if (!await _stay!.StopAsync(CloseHandshakeTimeout, CancellationToken.None))
            {
                // The old stay ended for good on its own (e.g. a 1008 close) before it could be stopped.
                socket.Dispose();
                throw new ChatNotConnectedException($"the session has ended: {_endReason}");
            }

            // Sent to a room the sender meant to leave: better refused than delivered in the new one.
            FailQueued("not sent: the member switched rooms");
            Timeline.Enter(room, resume);
            Stay(socket, welcome, resume);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Closes with 1000 and waits for the session to end.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            if (!HasEnded && _stay is { } stay && await stay.StopAsync(CloseHandshakeTimeout, cancellationToken))
            {
                End(ConnectionEnd.ClosedByClient);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose()
    {
        _stay?.Dispose();
        _turn.Dispose();
    }

    /// <summary>Starts a stay in the room <paramref name="socket"/> was welcomed to.</summary>
    private void Stay(ChatSocket socket, WelcomeFrame welcome, ResumePosition? resume)
    {
        _stay?.Dispose();
        _stay = new RoomStay(_opener, Timeline, _outgoing.Reader, _options, FailQueued);
        _stay.Start(socket, welcome, isReconnect: resume is not null, EndUnlessStopped);
    }

    private void EndUnlessStopped(ConnectionEnd? end)
    {
        if (end is not null)
        {
            End(end);
        }
    }

    private void End(ConnectionEnd end)
    {
        if (_ended.Task.IsCompleted)
        {
            return;
        }

        _endReason = end.Reason;
        _outgoing.Writer.TryComplete();
        FailQueued(end.Reason);
        Timeline.End(new SessionEnded(end.Reason, end.CloseStatus, end.HttpStatus));
        _ended.TrySetResult();
    }

    /// <summary>
    /// Fails what waits to be sent. Only while no connection runs: the send loop is the one reader otherwise.
    /// </summary>
    private void FailQueued(string reason)
    {
        while (_outgoing.Reader.TryRead(out var send))
        {
            send.Fail(new ChatNotConnectedException(reason));
        }
    }
}
