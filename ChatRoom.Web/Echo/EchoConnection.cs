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
    private readonly EchoSender _sender = new(socket, writer, limits);

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
                await _sender.CloseAsync(EchoClose.ShuttingDown);
            }

            var ended = await receiving;
            return _sender.Close?.Reason is { Length: > 0 } reason ? reason : ended;
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
                var next = await socket.ReceiveAsync(Memory<byte>.Empty, _sender.Aborted);
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

                    if (_sender.Close is not null)
                    {
                        continue; // closing: what arrives before the peer's close is not echoed
                    }

                    if (length > limits.MaxMessageBytes)
                    {
                        await _sender.CloseAsync(EchoClose.TooBig);
                    }
                    else if (!_bucket.TryTake())
                    {
                        await _sender.CloseAsync(EchoClose.RateLimited);
                    }
                    else
                    {
                        await _sender.EchoAsync(buffer, length, type);
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
            var result = await socket.ReceiveAsync(free, _sender.Aborted);
            length += result.Count;
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close
                || length > limits.MaxMessageBytes)
            {
                return (result.MessageType, length);
            }
        }
    }

    /// <summary>The peer closed first: its close comes back, and the connection ends.</summary>
    private async Task<string> AnswerCloseAsync()
    {
        await _sender.CloseAsync(EchoClose.Answer(socket.CloseStatus));
        return "closed";
    }

    private async Task HoldUntilPeerLeavesAsync()
    {
        _sender.ArmCloseDeadline();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(_sender.Aborted, transportEnded);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, either.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _sender.Dispose();
}
