using System.Net.WebSockets;
using ChatRoom.Transport;

namespace ChatRoom.Echo;

/// <summary>
/// Everything an echo connection sends: echoes, then the close frame once. They take turns, so
/// that no echo follows the close; an echo the peer does not take within Chat:SendTimeout closes
/// the connection with 1008 "too slow"; after the close the peer has the close handshake timeout
/// to answer before <see cref="Aborted"/>. Apart from <see cref="EchoConnection"/>, whose receive
/// loop decides what is echoed and when to close, so that each of the two reads on its own.
/// </summary>
internal sealed class EchoSender(WebSocket socket, EchoWriter writer, EchoLimits limits) : IDisposable
{
    // Echo writes and the close frame take turns, so that no echo follows the close.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _sendTimeout = new();
    private EchoClose? _close;

    /// <summary>Cancelled when the close handshake ran out of time or the peer is gone: reads stop too.</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>The close the server sent or is sending; null while the connection is open.</summary>
    public EchoClose? Close => Volatile.Read(ref _close);

    /// <summary>
    /// Echoes the message at <see cref="EchoWriter.HeaderRoom"/> in <paramref name="buffer"/>, unless the
    /// connection is closing.
    /// </summary>
    public async Task EchoAsync(byte[] buffer, int length, WebSocketMessageType type)
    {
        var tooSlow = false;
        await _turn.WaitAsync(_abort.Token);
        try
        {
            if (Volatile.Read(ref _close) is not null)
            {
                return;
            }

            // The timer is armed only for a write Kestrel could not take at once (back-pressure):
            // the usual echo costs no timer.
            var write = writer.WriteAsync(buffer, length, type, _sendTimeout.Token);
            var armed = !write.IsCompleted;
            if (armed)
            {
                _sendTimeout.CancelAfter(limits.SendTimeout);
            }

            try
            {
                await write;
            }
            catch (Exception exception)
                when (armed && _sendTimeout.IsCancellationRequested && Disconnects.IsDisconnect(exception))
            {
                tooSlow = true;
            }

            tooSlow |= armed && !_sendTimeout.TryReset();
        }
        finally
        {
            _turn.Release();
        }

        if (tooSlow)
        {
            await CloseAsync(EchoClose.TooSlow);
        }
    }

    /// <summary>
    /// Sends the close frame once, after any echo being written; the peer then has the close
    /// handshake timeout (half of Chat:ShutdownTimeout) to answer before the socket is aborted.
    /// </summary>
    public async Task CloseAsync(EchoClose close)
    {
        if (Interlocked.CompareExchange(ref _close, close, null) is not null)
        {
            return;
        }

        ArmCloseDeadline();
        try
        {
            await _turn.WaitAsync(_abort.Token);
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(close.Status, close.Reason, _abort.Token);
                }
            }
            finally
            {
                _turn.Release();
            }
        }
        catch (Exception exception) when (Disconnects.IsDisconnect(exception))
        {
            // The peer is gone or stuck: the receive loop sees the abort and ends.
            _abort.Cancel();
        }
    }

    /// <summary>The peer has the close handshake timeout (half of Chat:ShutdownTimeout) from now to hang up.</summary>
    public void ArmCloseDeadline() => _abort.CancelAfter(limits.CloseHandshakeTimeout);

    public void Dispose()
    {
        _abort.Dispose();
        _sendTimeout.Dispose();
    }
}
