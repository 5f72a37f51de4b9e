using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using ChatRoom.Client.Protocol;
using ChatRoom.Protocol;

namespace ChatRoom.Client.Connection;

/// <summary>
/// One WebSocket to the server in the JSON format: at most one reader and one writer at a time,
/// as <see cref="ClientWebSocket"/> requires.
/// </summary>
internal sealed class ChatSocket : IDisposable
{
    // The server pings idle members every 20 s; our own pings, answered within 20 s, notice a
    // server that vanished without a FIN (a pulled cable, a dead NAT entry) in under a minute.
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(20);

    private readonly ClientWebSocket _socket;
    private readonly ArrayBufferWriter<byte> _message = new(16 * 1024);

    private ChatSocket(ClientWebSocket socket) => _socket = socket;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    /// <summary>Upgrades; a refusal or an unreachable server throws <see cref="ConnectFailedException"/>.</summary>
    /// <param name="accessToken">A sign-in token, sent as <c>Authorization: Bearer</c> (a header keeps it out of
    /// URLs, which end up in logs).</param>
    public static async Task<ChatSocket> ConnectAsync(Uri uri, string? accessToken, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(SubProtocol.Json);
        socket.Options.KeepAliveInterval = KeepAliveInterval;
        socket.Options.KeepAliveTimeout = KeepAliveTimeout;
        if (accessToken is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + accessToken);
        }

        // Disposed once connected, as ClientWebSocket does with its own: the socket keeps its stream.
        using var handler = new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.Zero };
        using var refusal = new RefusalReader(handler);
        using var invoker = new HttpMessageInvoker(refusal, disposeHandler: false);
        try
        {
            await socket.ConnectAsync(uri, invoker, cancellationToken);
            return new ChatSocket(socket);
        }
        catch (Exception exception) when (exception is WebSocketException or HttpRequestException or IOException)
        {
            var end = refusal.Status is { } status
                ? ConnectionEnd.Refused(status, refusal.RetryAfter, refusal.Reason)
                : ConnectionEnd.Lost(
                    $"cannot reach the server: {exception.InnerException?.Message ?? exception.Message}");
            socket.Dispose();
            throw new ConnectFailedException(end, exception);
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The first frame, the welcome; a socket closed before it is a failed connect.</summary>
    public async Task<WelcomeFrame> ReadWelcomeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var first = await ReceiveAsync(cancellationToken);
            return first is { } message && JsonFrames.Parse(message) is WelcomeFrame welcome
                ? welcome
                : throw new ConnectFailedException(
                    first is null
                        ? ConnectionEnd.ServerClosed(CloseStatus, CloseStatusDescription)
                        : ConnectionEnd.Lost("the server did not start with a welcome"),
                    null);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException)
        {
            throw new ConnectFailedException(
                ConnectionEnd.Lost($"connection lost before the welcome: {exception.Message}"), exception);
        }
        catch (Exception exception)
            when (exception is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException
                or FormatException)
        {
            throw new ConnectFailedException(ConnectionEnd.Unreadable(exception.Message), exception);
        }
    }

    /// <summary>The next whole message, or null when the server closed the socket.</summary>
    public async Task<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken)
    {
        _message.ResetWrittenCount();
        while (true)
        {
            var result = await _socket.ReceiveAsync(_message.GetMemory(4096), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            _message.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return _message.WrittenMemory;
            }
        }
    }

    public Task SendAsync(string text, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true,
            cancellationToken);

    /// <summary>Sends our close frame (1000); the server's answer ends the receive loop.</summary>
    public Task CloseOutputAsync(CancellationToken cancellationToken) =>
        _socket.State is WebSocketState.Open or WebSocketState.CloseReceived
            ? _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken)
            : Task.CompletedTask;

    /// <summary>Drops the connection at once: pending reads and writes fail.</summary>
    public void Abort() => _socket.Abort();

    public void Dispose() => _socket.Dispose();
}

/// <summary>An upgrade that did not give a socket, with what it means for retrying.</summary>
internal sealed class ConnectFailedException(ConnectionEnd end, Exception? innerException)
    : Exception(end.Reason, innerException)
{
    public ConnectionEnd End { get; } = end;
}
