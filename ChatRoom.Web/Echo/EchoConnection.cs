using System.Buffers;
using System.Net.WebSockets;
using ChatRoom.Sessions;
using ChatRoom.Transport;

namespace ChatRoom.Echo;

/// <summary>
/// One <c>/echo</c> connection: every message it receives goes back to it whole, text or binary (a
/// fragmented message comes back as one frame), then the close handshake.
/// </summary>
/// <remarks>
/// Bounded without a queue: the receive loop does not read the next message until the previous
/// echo is written, so a client that never reads stalls only itself. The server holds one message
/// buffer for it (Chat:MaxMessageBytes), TCP back-pressure stops its writes, and an echo write that
/// waits longer than Chat:SendTimeout closes it with 1008 "too slow". In a closed loop (a client
/// waits for each echo) nothing would ever queue anyway; a pipelining client gets its echoes in
/// order at the speed it reads them.
/// </remarks>
internal sealed class EchoConnection(WebSocket socket, EchoWriter writer, EchoLimits limits, TimeProvider time,
    CancellationToken transportEnded)
    : IDisposable
{
    private readonly TokenBucket _bucket = new(limits.RateLimit.MessagesPerSecond, limits.RateLimit.Burst, time);

    // Echo writes and the close frame take turns, so that no echo follows the close.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _sendTimeout = new();
    private EchoClose? _close;

    /// <summary>Echoes until the connection ends; on <paramref name="stopping"/> it is closed with 1001.</summary>
    /// <returns>Why it ended, for the log.</returns>
    public async Task<string> RunAsync(CancellationToken stopping)
    {
        var receiving = ReceiveLoopAsync();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (stopping.Register(() => stopped.TrySetResult()))
        {
            if (await Task.WhenAny(receiving, stopped.Task) != receiving)
            {
                // The receive loop goes on meanwhile, and reads the peer's answer.
                await CloseAsync(EchoClose.ShuttingDown);
            }

            var ended = await receiving;
            return Volatile.Read(ref _close)?.Reason is { Length: > 0 } reason ? reason : ended;
        }
    }

    private async Task<string> ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                // A zero-byte read waits for the next frame without holding a buffer: an idle echo
                // connection costs no receive memory.
                var next = await socket.ReceiveAsync(Memory<byte>.Empty, _abort.Token);
                if (next.MessageType == WebSocketMessageType.Close)
                {
                    return await AnswerCloseAsync();
                }

                var buffer = ArrayPool<byte>.Shared.Rent(EchoWriter.HeaderRoom + limits.MaxMessageBytes + 1);
                try
                {
                    // The zero-byte read has consumed an empty message whole.
                    var (type, length) = next.EndOfMessage ? (next.MessageType, 0) : await ReceiveMessageAsync(buffer);
                    if (type == WebSocketMessageType.Close)
                    {
                        return await AnswerCloseAsync();
                    }

                    if (Volatile.Read(ref _close) is not null)
                    {
                        continue; // closing: what arrives before the peer's close is not echoed
                    }

                    if (length > limits.MaxMessageBytes)
                    {
                        await CloseAsync(EchoClose.TooBig);
                    }
                    else if (!_bucket.TryTake())
                    {
                        await CloseAsync(EchoClose.RateLimited);
                    }
                    else
                    {
                        await EchoAsync(buffer, length, type);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (WebSocketException exception) when (exception.WebSocketErrorCode == WebSocketError.Faulted)
        {
            // The WebSocket layer refused a frame (invalid UTF-8: 1007, a protocol error: 1002) and
            // sent its own close: hold the connection until the peer hangs up, so that it reads why
            // rather than a reset, but no longer than the close handshake may take.
            await HoldUntilPeerLeavesAsync();
            return "invalid frame";
        }
        catch (Exception exception) when (Disconnects.IsDisconnect(exception))
        {
            return "connection lost";
        }
    }

    /// <summary>
    /// Reads one message after <see cref="EchoWriter.HeaderRoom"/>, and stops as soon as it is longer
    /// than MaxMessageBytes: the rest of it arrives while the connection closes, and is discarded.
    /// </summary>
    private async Task<(WebSocketMessageType Type, int Length)> ReceiveMessageAsync(byte[] buffer)
    {
        var length = 0;
        while (true)
        {
            var free = buffer.AsMemory(EchoWriter.HeaderRoom + length, limits.MaxMessageBytes + 1 - length);
            var result = await socket.ReceiveAsync(free, _abort.Token);
            length += result.Count;
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close
                || length > limits.MaxMessageBytes)
            {
                return (result.MessageType, length);
            }
        }
    }

    private async Task EchoAsync(byte[] buffer, int length, WebSocketMessageType type)
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

    /// <summary>The peer closed first: its close comes back, and the connection ends.</summary>
    private async Task<string> AnswerCloseAsync()
    {
        await CloseAsync(EchoClose.Answer(socket.CloseStatus));
        return "closed";
    }

    /// <summary>
    /// Sends the close frame once, after any echo being written; the peer then has the close
    /// handshake timeout (half of Chat:ShutdownTimeout) to answer before the socket is aborted.
    /// </summary>
    private async Task CloseAsync(EchoClose close)
    {
        if (Interlocked.CompareExchange(ref _close, close, null) is not null)
        {
            return;
        }

        _abort.CancelAfter(limits.CloseHandshakeTimeout);
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

    private async Task HoldUntilPeerLeavesAsync()
    {
        _abort.CancelAfter(limits.CloseHandshakeTimeout);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token, transportEnded);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, either.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _abort.Dispose();
        _sendTimeout.Dispose();
    }
}
