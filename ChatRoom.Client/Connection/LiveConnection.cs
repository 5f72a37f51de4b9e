using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using ChatRoom.Client.Protocol;
using ChatRoom.Client.Sending;

namespace ChatRoom.Client.Connection;

/// <summary>
/// One welcomed socket until it ends: a receive loop that reports what arrives, and a send loop
/// that sends one queued frame at a time and waits for its answer (see <see cref="PendingSend"/>).
/// </summary>
internal sealed class LiveConnection(ChatSocket socket, Timeline timeline, ChannelReader<PendingSend> outgoing,
    ChatClientOptions options) : IDisposable
{
    private readonly CancellationTokenSource _stopSending = new();
    private volatile Task _sending = Task.CompletedTask;
    private PendingSend? _inFlight;
    private volatile string? _abortReason;
    private volatile bool _closing;

    /// <summary>Runs until the socket ends; never throws for a lost connection.</summary>
    public async Task<ConnectionEnd> RunAsync(CancellationToken cancellationToken)
    {
        _sending = SendLoopAsync(_stopSending.Token);
        try
        {
            return await ReceiveLoopAsync(cancellationToken);
        }
        finally
        {
            await _stopSending.CancelAsync();
            await _sending;
            Interlocked.Exchange(ref _inFlight, null)?.Fail(new ChatNotConnectedException(
                "the connection was lost before the server answered: the message may have been delivered (a resume " +
                "reports it as a message event)"));
        }
    }

    /// <summary>
    /// Closes with 1000 once the frame in flight is out; <see cref="RunAsync"/> ends at the server's answer.
    /// </summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        _closing = true;
        await _stopSending.CancelAsync();
        // One writer at a time: the close frame waits for a frame being written.
        await _sending;
        await socket.CloseOutputAsync(cancellationToken);
    }

    public void Dispose()
    {
        _stopSending.Dispose();
        socket.Dispose();
    }

    private async Task<ConnectionEnd> ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await socket.ReceiveAsync(cancellationToken) is { } message)
            {
                if (JsonFrames.Parse(message) is { } frame)
                {
                    Dispatch(frame);
                }
            }

            return _closing
                ? ConnectionEnd.ClosedByClient
                : ConnectionEnd.ServerClosed(socket.CloseStatus, socket.CloseStatusDescription);
        }
        catch (Exception exception)
            when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // Skipping it could lose an event; reconnecting would read the same frame again.
            socket.Abort();
            return ConnectionEnd.Unreadable(exception.Message);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException)
        {
            return _closing && cancellationToken.IsCancellationRequested
                ? ConnectionEnd.ClosedByClient
                : ConnectionEnd.Lost(_abortReason ?? $"connection lost: {exception.Message}");
        }
    }

    private void Dispatch(ServerFrame frame)
    {
        // The answer is checked before the timeline sees a rename: /nick is answered by the rename from our old name.
        if (Volatile.Read(ref _inFlight) is { } pending && pending.TryAnswer(frame, timeline.You))
        {
            Interlocked.CompareExchange(ref _inFlight, null, pending);
            if (frame is EventFrame { Event: ErrorEvent })
            {
                return;
            }
        }

        switch (frame)
        {
            case AckFrame ack:
                timeline.Acked(ack.Id);
                break;
            case EventFrame { Event: RoomEvent roomEvent }:
                timeline.Append(roomEvent);
                break;
            case EventFrame { Event: var reply }:
                timeline.Report(reply);
                break;
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await outgoing.WaitToReadAsync(cancellationToken))
            {
                if (!outgoing.TryRead(out var send) || send.Outcome.IsCompleted)
                {
                    continue;
                }

                Volatile.Write(ref _inFlight, send);
                // Not cancellable: cancelling a WebSocket write aborts the socket, and a close waits for it instead.
                await socket.SendAsync(send.Text, CancellationToken.None);
                await ((Task)send.Outcome).WaitAsync(options.ReplyTimeout, options.TimeProvider, cancellationToken)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (!send.Outcome.IsCompleted && !cancellationToken.IsCancellationRequested)
                {
                    // A late answer would be taken for the next frame's: this connection cannot be trusted.
                    _abortReason = $"no answer from the server within {options.ReplyTimeout.TotalSeconds:0.#} s";
                    send.Fail(new TimeoutException(_abortReason));
                    socket.Abort();
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException)
        {
            // The receive loop sees the same loss and ends the connection.
        }
    }
}
