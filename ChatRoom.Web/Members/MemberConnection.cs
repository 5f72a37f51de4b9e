using System.Buffers;
using System.Net.WebSockets;
using ChatRoom.Diagnostics;
using ChatRoom.Transport;

namespace ChatRoom.Members;

/// <summary>
/// One member's socket, as in gorilla/websocket's pumps: a receive loop that hands each whole
/// text message to <paramref name="handleText"/> (the member's session: at most one reader), the
/// member's <see cref="SendPump"/> writing its outbox to the socket (at most one writer), then the
/// close handshake.
/// </summary>
internal sealed class MemberConnection(
    WebSocket socket,
    IFrameWriter writer,
    Member member,
    MemberConnection.TextHandler handleText,
    ChatMetrics metrics,
    int maxMessageBytes,
    WriteCoalescer? coalescer = null)
{
    /// <summary>
    /// Handles one whole text message, cut at MaxMessageBytes + 1 bytes when
    /// <paramref name="overLimit"/>.
    /// </summary>
    public delegate ValueTask TextHandler(
        ReadOnlyMemory<byte> payload,
        bool overLimit,
        CancellationToken cancellationToken);

    /// <summary>Queues the welcome, then runs both loops until the connection ends.</summary>
    /// <param name="leave">Takes the member out of the room; called once, before the close frames cross.</param>
    /// <returns>Why the member left, for logs and metrics.</returns>
    public async Task<string> RunAsync(IReadOnlyList<ReadOnlyMemory<byte>> welcome, Func<Task> leave)
    {
        Task? leaving = null;
        Task LeaveOnce() => leaving ??= leave();
        var leaveReason = LeaveReason.ConnectionLost;
        var sending = Task.CompletedTask;
        try
        {
            // The welcome goes through the outbox like any frame, so its bytes and the send timeout
            // hold it: written directly, a welcome a peer never read was held until the keep-alive gave up.
            member.StartSending(writer, metrics, welcome, coalescer);

            // A parameter lives as long as this method: without this an idle member kept its
            // welcome (the roster's names, the history it was sent) for the socket's lifetime.
            welcome = [];

            sending = SendCloseAsync();
            var receiving = ReceiveLoopAsync();
            if (await Task.WhenAny(receiving, member.Closing) != receiving)
            {
                // The server closed the member (too slow, flooding, shutting down): it leaves the
                // room now, not when a peer that may not be reading at all completes the handshake.
                await LeaveOnce();
            }

            leaveReason = await receiving;
            if (leaveReason != LeaveReason.ConnectionLost)
            {
                // Leave the room first, so nobody waits on a leaver; then let the close frames cross.
                member.RequestClose(
                    leaveReason == LeaveReason.Closed ? CloseRequest.ClientClosed : CloseRequest.Refused);
                await LeaveOnce();
                await sending;
                await AwaitPeerCloseAsync();
            }
        }
        catch (Exception exception) when (Disconnects.IsDisconnect(exception))
        {
        }
        finally
        {
            member.RequestClose(CloseRequest.ConnectionLost);
            member.Abort();
            await LeaveOnce();
            await sending;
        }

        // The server's reason when it closed the member (too slow, flooding, shutting down).
        return member.Outbox.Close is { } close
            && close != CloseRequest.ClientClosed
            && close != CloseRequest.ConnectionLost
            ? close.Reason
            : leaveReason;
    }

    /// <returns>
    /// <see cref="LeaveReason.Closed"/> by the peer, <see cref="LeaveReason.Refused"/> when the
    /// WebSocket layer refused a frame (invalid UTF-8, a protocol error) and sent its own close,
    /// or <see cref="LeaveReason.ConnectionLost"/>.
    /// </returns>
    private async Task<string> ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                // A zero-byte read waits for the next frame without holding a buffer, so an idle
                // member costs no receive memory.
                var next = await socket.ReceiveAsync(Memory<byte>.Empty, member.Aborted);
                if (next.MessageType == WebSocketMessageType.Close)
                {
                    return LeaveReason.Closed;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(maxMessageBytes + 1);
                try
                {
                    var (type, length) = await ReceiveMessageAsync(buffer);
                    if (type == WebSocketMessageType.Close)
                    {
                        return LeaveReason.Closed;
                    }

                    if (type == WebSocketMessageType.Binary)
                    {
                        member.RequestClose(CloseRequest.BinaryFrame);
                    }
                    else if (!member.IsClosing)
                    {
                        await handleText(
                            buffer.AsMemory(0, Math.Min(length, maxMessageBytes)),
                            length > maxMessageBytes, member.Aborted);
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
            return LeaveReason.Refused;
        }
        catch (Exception exception) when (Disconnects.IsDisconnect(exception))
        {
            return LeaveReason.ConnectionLost;
        }
    }

    /// <summary>
    /// Reads one whole message, keeping at most MaxMessageBytes + 1 bytes of it: a longer one is
    /// read to its end and discarded, and its length says it was too long.
    /// </summary>
    private async Task<(WebSocketMessageType Type, int Length)> ReceiveMessageAsync(byte[] buffer)
    {
        var length = 0;
        while (true)
        {
            var free = length > maxMessageBytes
                ? buffer.AsMemory(0, maxMessageBytes + 1)
                : buffer.AsMemory(length, maxMessageBytes + 1 - length);
            var result = await socket.ReceiveAsync(free, member.Aborted);
            if (length <= maxMessageBytes)
            {
                length += result.Count;
            }

            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                return (result.MessageType, length);
            }
        }
    }

    /// <summary>Once the member is closing: the rest of its outbox (unless discarded), then the close frame.</summary>
    private async Task SendCloseAsync()
    {
        await member.Closing;
        try
        {
            await member.StopSendingAsync();
            var close = member.Outbox.Close!;
            if (close.Status != WebSocketCloseStatus.Empty
                && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(close.Status, close.Reason, member.Aborted);
            }
        }
        catch (Exception exception) when (Disconnects.IsDisconnect(exception))
        {
            // The peer is gone; the receive loop sees the same and ends the connection.
            member.Abort();
        }
    }

    /// <summary>
    /// After our close frame, waits for the peer's: ending the connection at once could reset it
    /// before the peer has read why it was closed. Bounded by the close-handshake timeout.
    /// </summary>
    private async Task AwaitPeerCloseAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Aborted)
            {
                // The WebSocket layer refused a frame, sent its close (1002/1007) and gave up the
                // socket: hold the connection open until the peer hangs up.
                await Task.Delay(Timeout.InfiniteTimeSpan, member.Aborted);
            }

            var scratch = new byte[256];
            while (socket.State == WebSocketState.CloseSent)
            {
                await socket.ReceiveAsync(scratch.AsMemory(), member.Aborted);
            }
        }
        catch (Exception exception) when (Disconnects.IsDisconnect(exception))
        {
        }
    }
}
