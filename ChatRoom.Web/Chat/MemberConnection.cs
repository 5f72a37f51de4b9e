using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using ChatRoom.Transport;

namespace ChatRoom.Chat;

/// <summary>
/// One member's socket for its lifetime: a receive loop that turns frames into room actions, and
/// a send loop that drains the member's outbox, as in gorilla/websocket's read and write pumps.
/// </summary>
public sealed class MemberConnection(
    WebSocket socket,
    FrameWriter writer,
    Member member,
    Room room,
    ChatOptions options,
    ChatMetrics metrics,
    TimeProvider time,
    ILogger logger)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly TokenBucket _allowance = new(options.RateLimit.MessagesPerSecond, options.RateLimit.Burst, time);
    private readonly FloodGuard _floodGuard = new(time);

    public async Task RunAsync(string? requestedName)
    {
        var welcome = room.Join(member, requestedName);
        if (welcome is null)
        {
            await CloseQuietlyAsync(CloseRequest.ShuttingDown);
            return;
        }

        ChatLog.MemberJoined(logger, member.Id, member.Name, member.RemoteAddress, member.Format);
        var leaveReason = LeaveReason.ConnectionLost;
        var sending = Task.CompletedTask;
        try
        {
            await SendWelcomeAsync(welcome);
            sending = SendLoopAsync();
            leaveReason = await ReceiveLoopAsync();
            if (leaveReason != LeaveReason.ConnectionLost)
            {
                // Leave the room first, so nobody waits on a leaver; then let the close frames cross.
                member.RequestClose(leaveReason == LeaveReason.Closed ? CloseRequest.ClientClosed : CloseRequest.Refused);
                room.Leave(member, CloseReasonOf(leaveReason));
                await sending;
                await AwaitPeerCloseAsync();
            }
        }
        catch (Exception exception) when (IsDisconnect(exception))
        {
        }
        finally
        {
            member.RequestClose(CloseRequest.ConnectionLost);
            member.Abort();
            room.Leave(member, CloseReasonOf(leaveReason));
            await sending;
            ChatLog.MemberLeft(
                logger, member.Id, member.Name, time.GetUtcNow() - member.ConnectedAt, member.MessagesSent, member.FramesQueued,
                socket.CloseStatus ?? member.Outbox.Close?.Status, CloseReasonOf(leaveReason));
        }
    }

    /// <summary>Why the member left, for logs and metrics: the server's reason if it closed the member.</summary>
    private string CloseReasonOf(string leaveReason) =>
        member.Outbox.Close is { } close && close != CloseRequest.ClientClosed && close != CloseRequest.ConnectionLost
            ? close.Reason
            : leaveReason;

    private async Task SendWelcomeAsync(Welcome welcome)
    {
        if (member.Format == WireFormat.Json)
        {
            await SendFrameAsync(JsonWire.Encode(welcome));
            return;
        }

        foreach (var frame in PlainTextWire.EncodeWelcome(welcome))
        {
            await SendFrameAsync(frame);
        }
    }

    /// <returns>
    /// Why the member left: <see cref="LeaveReason.Closed"/> by the peer, <see cref="LeaveReason.Refused"/> when
    /// the WebSocket layer refused a frame (invalid UTF-8, a protocol error) and sent its own close,
    /// or <see cref="LeaveReason.ConnectionLost"/>.
    /// </returns>
    private async Task<string> ReceiveLoopAsync()
    {
        var maxBytes = options.MaxMessageBytes;
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

                var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
                try
                {
                    var (type, length) = await ReceiveMessageAsync(buffer, maxBytes);
                    if (type == WebSocketMessageType.Close)
                    {
                        return LeaveReason.Closed;
                    }

                    if (!member.IsClosing)
                    {
                        Handle(type, buffer.AsSpan(0, length), overLimit: length > maxBytes);
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
        catch (Exception exception) when (IsDisconnect(exception))
        {
            return LeaveReason.ConnectionLost;
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
        catch (Exception exception) when (IsDisconnect(exception))
        {
        }
    }

    /// <summary>
    /// Reads one whole message, keeping at most <paramref name="maxBytes"/> + 1 bytes of it: a
    /// longer one is read to its end and discarded, and its length says it was too long.
    /// </summary>
    private async Task<(WebSocketMessageType Type, int Length)> ReceiveMessageAsync(byte[] buffer, int maxBytes)
    {
        var length = 0;
        while (true)
        {
            var free = length > maxBytes ? buffer.AsMemory(0, maxBytes + 1) : buffer.AsMemory(length, maxBytes + 1 - length);
            var result = await socket.ReceiveAsync(free, member.Aborted);
            if (length <= maxBytes)
            {
                length += result.Count;
            }

            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                return (result.MessageType, length);
            }
        }
    }

    private void Handle(WebSocketMessageType type, ReadOnlySpan<byte> payload, bool overLimit)
    {
        if (type == WebSocketMessageType.Binary)
        {
            member.RequestClose(CloseRequest.BinaryFrame);
            return;
        }

        if (!_allowance.TryTake())
        {
            Refuse(ErrorCodes.RateLimited, $"slow down: at most {options.RateLimit.MessagesPerSecond:0.###} messages per second (bursts of {options.RateLimit.Burst})");
            if (_floodGuard.RecordDrop())
            {
                ChatLog.MemberFlooding(logger, member.Id, member.Name, FloodGuard.DropLimit, FloodGuard.Window);
                member.RequestClose(CloseRequest.Flooding);
            }

            return;
        }

        if (overLimit)
        {
            Refuse(ErrorCodes.TooLong, $"message too long (max {options.MaxMessageBytes} bytes)");
            return;
        }

        // The WebSocket layer already closed the connection with 1007 if the bytes were not UTF-8.
        var text = MessageText.Clean(StrictUtf8.GetString(payload));
        if (text.Length == 0)
        {
            return;
        }

        ChatLog.MessageText(logger, member.Id, text);
        switch (ChatInput.Parse(text))
        {
            case Say say:
                room.Say(member, say.Text, say.IsAction);
                break;
            case Rename rename:
                Rename(rename.Name);
                break;
            case Who:
                Reply(new MemberList(room.Names()));
                break;
            case Help:
                Reply(new HelpText(ChatInput.HelpText));
                break;
            case Unknown unknown:
                Reply(new ErrorReply(ErrorCodes.BadCommand, unknown.Message));
                break;
        }
    }

    private void Rename(string requestedName)
    {
        var outcome = room.Rename(member, requestedName);
        switch (outcome)
        {
            case RenameOutcome.BadName:
                Reply(new ErrorReply(ErrorCodes.BadName, $"bad name: {MemberName.Rule}"));
                break;
            case RenameOutcome.Taken:
                Reply(new ErrorReply(ErrorCodes.NameTaken, $"name taken: {requestedName.Trim()} is in use"));
                break;
            case RenameOutcome.Unchanged:
                Reply(new ErrorReply(ErrorCodes.BadName, $"you are already {member.Name}"));
                break;
        }
    }

    private void Refuse(string code, string message)
    {
        metrics.MessageDropped(code);
        Reply(new ErrorReply(code, message));
    }

    private void Reply(DirectReply reply)
    {
        var frame = member.Format == WireFormat.Json ? JsonWire.Encode(reply) : PlainTextWire.Encode(reply);
        if (member.Send(frame) == Delivery.Overflowed)
        {
            metrics.SendQueueOverflowed();
            ChatLog.MemberTooSlow(logger, member.Id, member.Name, member.Outbox.Count);
        }
    }

    /// <summary>Drains the outbox to the socket until it is closed, then sends the close frame.</summary>
    private async Task SendLoopAsync()
    {
        var outbox = member.Outbox;
        try
        {
            while (!outbox.DiscardsPending && await outbox.WaitToReadAsync(member.Aborted))
            {
                await writer.WriteQueuedAsync(outbox, member.Aborted);
            }

            var close = outbox.Close!;
            if (close.Status != WebSocketCloseStatus.Empty && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(close.Status, close.Reason, member.Aborted);
            }
        }
        catch (Exception exception) when (IsDisconnect(exception))
        {
            // The peer is gone; the receive loop sees the same and ends the connection.
            member.Abort();
        }
    }

    private ValueTask SendFrameAsync(ReadOnlyMemory<byte> frame) => writer.WriteAsync(frame, member.Aborted);

    private async Task CloseQuietlyAsync(CloseRequest request)
    {
        try
        {
            await socket.CloseOutputAsync(request.Status, request.Reason, member.Aborted);
        }
        catch (Exception exception) when (IsDisconnect(exception))
        {
        }
    }

    /// <summary>A peer that vanishes, or is aborted by us, is an ordinary way to leave, not an error.</summary>
    private static bool IsDisconnect(Exception exception) =>
        exception is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException;
}

internal static class LeaveReason
{
    public const string Closed = "closed";
    public const string ConnectionLost = "connection lost";
    public const string Refused = "invalid frame";
}
