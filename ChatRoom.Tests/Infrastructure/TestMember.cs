using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>A chat client for tests: send text, read the next frames, expect the close.</summary>
public sealed class TestMember(WebSocket socket, bool json) : IAsyncDisposable
{
    // A guard against hangs, not a speed assertion: every awaited frame arrives in milliseconds.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    public WebSocket Socket { get; } = socket;

    public string? Name { get; private set; }

    public bool IsJson { get; } = json;

    /// <summary>Joins over a real socket: a <see cref="ServerProcess"/>, or a <see cref="ChatServer"/> on Kestrel.</summary>
    /// <param name="invoker">Connects through this handler, e.g. one that shrinks the socket's receive buffer.</param>
    /// <param name="headers">Request headers to send with the upgrade, e.g. an Origin.</param>
    public static async Task<TestMember> ConnectAsync(
        Uri socketUri,
        bool json = false,
        HttpMessageInvoker? invoker = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var client = new ClientWebSocket();
        if (json)
        {
            client.Options.AddSubProtocol("chatroom.v1.json");
        }

        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            client.Options.SetRequestHeader(key, value);
        }

        await client.ConnectAsync(socketUri, invoker, TestContext.Current.CancellationToken);
        return new TestMember(client, json);
    }

    public Task SendAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    /// <summary>The next text frame; throws if the socket closes instead.</summary>
    public async Task<string> ReceiveAsync()
    {
        var frame = await ReceiveFrameAsync();
        return frame.Type switch
        {
            WebSocketMessageType.Text => frame.Text,
            WebSocketMessageType.Close => throw new InvalidOperationException($"closed: {frame.CloseStatus} {frame.Text}"),
            _ => throw new InvalidOperationException("unexpected binary frame"),
        };
    }

    public async Task<JsonElement> ReceiveJsonAsync() => JsonDocument.Parse(await ReceiveAsync()).RootElement;

    /// <summary>The next JSON frame, or null at the server's close (which it answers).</summary>
    public async Task<JsonElement?> ReceiveJsonOrCloseAsync()
    {
        try
        {
            return await ReceiveJsonAsync();
        }
        catch (InvalidOperationException) when (Socket.State == WebSocketState.CloseReceived)
        {
            await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", TestContext.Current.CancellationToken);
            return null;
        }
    }

    /// <summary>Skips frames until one matches; returns it.</summary>
    public async Task<string> ReceiveUntilAsync(Func<string, bool> match)
    {
        while (true)
        {
            var text = await ReceiveAsync();
            if (match(text))
            {
                return text;
            }
        }
    }

    /// <summary>Skips JSON frames until one of <paramref name="type"/>.</summary>
    public async Task<JsonElement> ReceiveJsonUntilAsync(string type)
    {
        while (true)
        {
            var element = await ReceiveJsonAsync();
            if (element.GetProperty("type").GetString() == type)
            {
                return element;
            }
        }
    }

    /// <summary>Reads the history and welcome; remembers the name the room gave.</summary>
    public async Task<IReadOnlyList<string>> ReadWelcomeAsync()
    {
        var frames = new List<string>();
        while (true)
        {
            var text = await ReceiveAsync();
            frames.Add(text);
            if (IsJson)
            {
                var element = JsonDocument.Parse(text).RootElement;
                if (element.GetProperty("type").GetString() == "welcome")
                {
                    Name = element.GetProperty("you").GetString();
                    return frames;
                }
            }
            else if (text.StartsWith("*** welcome, ", StringComparison.Ordinal))
            {
                Name = text["*** welcome, ".Length..text.IndexOf(':', StringComparison.Ordinal)];
                return frames;
            }
        }
    }

    /// <summary>Reads (and discards) frames until the server's close frame; returns its status.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Reason)> ReceiveCloseAsync()
    {
        while (true)
        {
            var frame = await ReceiveFrameAsync();
            if (frame.Type == WebSocketMessageType.Close)
            {
                return (frame.CloseStatus, frame.Text);
            }
        }
    }

    /// <summary>
    /// The close handshake: sends the close and waits for the server's, discarding frames on the
    /// way. The server answers only once it has read every frame sent before the close.
    /// </summary>
    public async Task CloseAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            guard.CancelAfter(HangGuard);
            await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", guard.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (Socket.State == WebSocketState.Open)
            {
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
        }

        Socket.Dispose();
    }

    private async Task<Frame> ReceiveFrameAsync()
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(HangGuard);
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, guard.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new Frame(WebSocketMessageType.Close, result.CloseStatusDescription ?? "", result.CloseStatus);
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return new Frame(result.MessageType, Encoding.UTF8.GetString(message.ToArray()), null);
            }
        }
    }

    private sealed record Frame(WebSocketMessageType Type, string Text, WebSocketCloseStatus? CloseStatus);
}
