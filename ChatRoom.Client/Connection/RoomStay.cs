using System.Net.WebSockets;
using System.Threading.Channels;
using ChatRoom.Client.Protocol;
using ChatRoom.Client.Sending;

namespace ChatRoom.Client.Connection;

/// <summary>
/// One stay in one room: runs each connection to its end, then reconnects with backoff and resumes,
/// until the server's answer is final or the session stops the stay (to close, or to switch rooms).
/// </summary>
/// <param name="failQueued">Fails the sends waiting while no connection runs.</param>
internal sealed class RoomStay(SocketOpener opener, Timeline timeline, ChannelReader<PendingSend> outgoing,
    ChatClientOptions options, Action<string> failQueued) : IDisposable
{
    private readonly ReconnectBackoff _backoff = new(options, Random.Shared.NextDouble);
    private readonly CancellationTokenSource _stop = new();
    private volatile LiveConnection? _live;
    private volatile bool _stopping;
    private Task<ConnectionEnd?> _run = Task.FromResult<ConnectionEnd?>(null);

    public bool IsConnected => _live is not null;

    /// <summary>Runs the stay from its first welcomed socket.</summary>
    /// <param name="onEnd">Called once when the stay is over: with the end that stands, or null when stopped.</param>
    public void Start(ChatSocket socket, WelcomeFrame welcome, bool isReconnect, Action<ConnectionEnd?> onEnd)
    {
        var first = Begin(socket, welcome, isReconnect);
        _run = RunAsync(first, onEnd);
    }

    /// <summary>
    /// Ends the stay: closes the connection with 1000, or stops waiting to reconnect; a server that
    /// does not answer the close within <paramref name="closeTimeout"/> is dropped.
    /// </summary>
    /// <returns>False when the stay had already ended for good by itself (<c>onEnd</c> had its end).</returns>
    public async Task<bool> StopAsync(TimeSpan closeTimeout, CancellationToken cancellationToken)
    {
        _stopping = true;
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

            return await _run.WaitAsync(closeTimeout, options.TimeProvider, cancellationToken) is null;
        }
        catch (Exception exception)
            when (exception is TimeoutException or WebSocketException or IOException or ObjectDisposedException)
        {
            await _stop.CancelAsync();
            return await _run is null;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private LiveConnection Begin(ChatSocket socket, WelcomeFrame welcome, bool isReconnect)
    {
        var live = new LiveConnection(socket, timeline, outgoing, options);

        // Connected before the app hears of it: a send made on Connected, Resumed or Reset must not fail.
        _live = live;
        timeline.Welcome(welcome, isReconnect);
        return live;
    }

    private async Task<ConnectionEnd?> RunAsync(LiveConnection first, Action<ConnectionEnd?> onEnd)
    {
        ConnectionEnd? end = null;
        try
        {
            end = await RunAndReconnectAsync(first, _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            end = _stopping ? null : ConnectionEnd.ClosedByClient;
        }
        catch (Exception unexpected)
        {
            // Nobody awaits this loop but a stop: the app learns of a bug from the last event.
            end = new ConnectionEnd($"the client failed: {unexpected}", IsFinal: true);
        }
        finally
        {
            _live = null;
            onEnd(end);
        }

        return end;
    }

    /// <returns>The end that stands (a final answer from the server), or null when stopped.</returns>
    private async Task<ConnectionEnd?> RunAndReconnectAsync(LiveConnection live, CancellationToken stop)
    {
        while (true)
        {
            ConnectionEnd end;
            using (live)
            {
                end = await live.RunAsync(stop);
                _live = null;
            }

            if (_stopping)
            {
                return null;
            }

            if (end.IsFinal)
            {
                return end;
            }

            if (!options.QueueWhileDisconnected)
            {
                failQueued("not connected (reconnecting): nothing was sent");
            }

            for (var attempt = 1; ; attempt++)
            {
                var delay = _backoff.DelayBefore(attempt, end.RetryAfter);
                timeline.Report(
                    new Reconnecting(attempt, delay, options.TimeProvider.GetUtcNow() + delay, end.Reason));
                await Task.Delay(delay, options.TimeProvider, stop);
                try
                {
                    var (socket, welcome) = await opener.OpenAsync(timeline.You, timeline.Room, timeline.Position,
                        stop);
                    live = Begin(socket, welcome, isReconnect: true);
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
}
