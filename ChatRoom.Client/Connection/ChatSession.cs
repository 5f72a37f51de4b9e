using System.Globalization;
using System.Net.WebSockets;
using System.Threading.Channels;
using ChatRoom.Client.Sending;

namespace ChatRoom.Client.Connection;

/// <summary>
/// The member's whole stay in the room, across connections: runs each connection to its end, then
/// reconnects with backoff and resumes, until the server's answer is final or the app closes.
/// </summary>
internal sealed class ChatSession : IDisposable
{
    // How long a close waits for the server's close frame before dropping the connection.
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly Uri _uri;
    private readonly string? _key;
    private readonly ChatClientOptions _options;
    private readonly ReconnectBackoff _backoff;
    private readonly Channel<PendingSend> _outgoing = Channel.CreateUnbounded<PendingSend>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private volatile LiveConnection? _live;
    private volatile string? _endReason;
    private volatile bool _closing;
    private Task _supervision = Task.CompletedTask;

    public ChatSession(Uri uri, string? key, ChatClientOptions options)
    {
        _uri = uri;
        _key = key;
        _options = options;
        _backoff = new ReconnectBackoff(options, Random.Shared.NextDouble);
    }

    public Timeline Timeline { get; } = new();

    public ChannelWriter<PendingSend> Outgoing => _outgoing.Writer;

    public bool IsConnected => _live is not null;

    /// <summary>Why the session ended; null while it goes on.</summary>
    public string? EndReason => _endReason;

    public bool QueuesWhileDisconnected => _options.QueueWhileDisconnected;

    /// <summary>
    /// Connects for the first time; a failure throws <see cref="ConnectFailedException"/> and nothing is retried.
    /// </summary>
    public async Task StartAsync(string name, CancellationToken cancellationToken)
    {
        var first = await OpenAsync(name, isReconnect: false, cancellationToken);
        _supervision = SuperviseAsync(first);
    }

    /// <summary>Closes with 1000 and waits for the session to end.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (HasEnded)
        {
            return;
        }

        _closing = true;
        try
        {
            if (_live is { } live)
            {
                await live.CloseAsync(cancellationToken);
            }
            else
            {
                await _stop.CancelAsync();
            }

            await _supervision.WaitAsync(CloseHandshakeTimeout, _options.TimeProvider, cancellationToken);
        }
        catch (Exception exception)
            when (exception is TimeoutException or WebSocketException or IOException or ObjectDisposedException)
        {
            await _stop.CancelAsync();
            await _supervision;
        }
    }

    public bool HasEnded => _supervision.IsCompleted;

    public void Dispose() => _stop.Dispose();

    private async Task<LiveConnection> OpenAsync(string name, bool isReconnect, CancellationToken cancellationToken)
    {
        var token = _options.AccessToken;
        var uri = SocketUri.For(_uri, name, Timeline.Epoch, Timeline.LastId, queryKey: token is null ? null : _key);
        using var deadline = new CancellationTokenSource(_options.ConnectTimeout, _options.TimeProvider);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var socket = await ChatSocket.ConnectAsync(uri, token ?? _key, attempt.Token);
            try
            {
                var welcome = await socket.ReadWelcomeAsync(attempt.Token);
                var live = new LiveConnection(socket, Timeline, _outgoing.Reader, _options);

                // Connected before the app hears of it: a send made on Connected, Resumed or Reset must not fail.
                _live = live;
                Timeline.Welcome(welcome, isReconnect);
                return live;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        catch (Exception exception) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && exception is OperationCanceledException or ConnectFailedException)
        {
            var seconds = _options.ConnectTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            throw new ConnectFailedException(
                ConnectionEnd.Lost($"cannot reach the server: no answer within {seconds} s"), exception);
        }
    }

    private async Task SuperviseAsync(LiveConnection first)
    {
        var end = ConnectionEnd.ClosedByClient;
        try
        {
            end = await RunAndReconnectAsync(first);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception unexpected)
        {
            // Nobody awaits this loop but the close: the app learns of a bug from the last event.
            end = new ConnectionEnd($"the client failed: {unexpected}", IsFinal: true);
        }
        finally
        {
            _live = null;
            _endReason = end.Reason;
            _outgoing.Writer.TryComplete();
            FailQueued(end.Reason);
            Timeline.End(new SessionEnded(end.Reason, end.CloseStatus, end.HttpStatus));
        }
    }

    /// <returns>The end that stands: a final answer from the server, or the app's close.</returns>
    private async Task<ConnectionEnd> RunAndReconnectAsync(LiveConnection live)
    {
        while (true)
        {
            ConnectionEnd end;
            using (live)
            {
                end = await live.RunAsync(_stop.Token);
                _live = null;
            }

            if (_closing)
            {
                return ConnectionEnd.ClosedByClient;
            }

            if (end.IsFinal)
            {
                return end;
            }

            if (!_options.QueueWhileDisconnected)
            {
                FailQueued("not connected (reconnecting): nothing was sent");
            }

            for (var attempt = 1; ; attempt++)
            {
                var delay = _backoff.DelayBefore(attempt, end.RetryAfter);
                Timeline.Report(
                    new Reconnecting(attempt, delay, _options.TimeProvider.GetUtcNow() + delay, end.Reason));
                await Task.Delay(delay, _options.TimeProvider, _stop.Token);
                try
                {
                    live = await OpenAsync(Timeline.You, isReconnect: true, _stop.Token);
                    break;
                }
                catch (ConnectFailedException failed) when (!failed.End.IsFinal)
                {
                    end = failed.End;
                }
                catch (ConnectFailedException failed)
                {
                    return failed.End;
                }
            }
        }
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
