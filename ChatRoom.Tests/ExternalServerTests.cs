using System.Net.WebSockets;
using System.Text;

namespace ChatRoom.Tests;

/// <summary>
/// A <see cref="ClientWebSocket"/> member of a server that runs outside this process: the container
/// image, driven by .ci/container-test, which sets the variables below and plays the peer with
/// wscat. Without CHATROOM_EXTERNAL_URL the test skips, so the ordinary test run is unaffected.
/// </summary>
/// <remarks>
/// CHATROOM_EXTERNAL_URL: the server's base URL (http://127.0.0.1:PORT).
/// CHATROOM_EXTERNAL_PEER: the name of the member to answer (default wscat-member).
/// CHATROOM_EXTERNAL_EXPECT_SHUTDOWN=1: after answering, stay until the server is stopped and
/// check the shutdown notice and the 1001 close.
/// </remarks>
public sealed class ExternalServerTests
{
    private const string ShutdownNotice = "*** notice: server is shutting down";

    [Fact]
    public async Task Member_chats_with_a_peer_through_an_external_server()
    {
        var baseUrl = Environment.GetEnvironmentVariable("CHATROOM_EXTERNAL_URL");
        if (string.IsNullOrEmpty(baseUrl))
        {
            Assert.Skip("CHATROOM_EXTERNAL_URL is not set: this test runs against a deployed server (.ci/container-test)");
        }

        var peer = Environment.GetEnvironmentVariable("CHATROOM_EXTERNAL_PEER") is { Length: > 0 } p ? p : "wscat-member";
        var expectShutdown = Environment.GetEnvironmentVariable("CHATROOM_EXTERNAL_EXPECT_SHUTDOWN") == "1";
        // Bounded: the peer and the container stop are driven by a script that may fail first.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(90));
        var ct = cts.Token;

        var wsUrl = new UriBuilder(baseUrl) { Scheme = baseUrl.StartsWith("https", StringComparison.Ordinal) ? "wss" : "ws", Path = "/ws", Query = "name=dotnet-member" }.Uri;
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(wsUrl, ct);

        // The history replay comes before the welcome, so anything after it is live.
        var welcome = await ReceiveUntilAsync(ws, f => f.StartsWith("*** welcome, ", StringComparison.Ordinal), ct);
        Log($"welcome: {welcome}");

        var ping = await ReceiveUntilAsync(ws, f => f.StartsWith(peer + ": ", StringComparison.Ordinal), ct);
        Log($"from the peer: {ping}");
        await SendAsync(ws, $"pong from dotnet ({ping[(peer.Length + 2)..]})", ct);

        if (!expectShutdown)
        {
            await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", ct);
            return;
        }

        await ReceiveUntilAsync(ws, f => f == ShutdownNotice, ct);
        Log("got the shutdown notice");
        while (await ReceiveAsync(ws, ct) is { } frame)
        {
            Log($"after the notice: {frame}");
        }

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, ws.CloseStatus);
        Log($"closed with {(int)ws.CloseStatus!} {ws.CloseStatusDescription}");
    }

    private static void Log(string line) => TestContext.Current.SendDiagnosticMessage(line);

    private static async Task<string> ReceiveUntilAsync(ClientWebSocket ws, Func<string, bool> match, CancellationToken ct)
    {
        while (await ReceiveAsync(ws, ct) is { } frame)
        {
            if (match(frame))
            {
                return frame;
            }
        }

        throw new InvalidOperationException($"the server closed the socket ({ws.CloseStatus} {ws.CloseStatusDescription}) before the expected frame");
    }

    /// <summary>One whole text frame, or null once the server has closed.</summary>
    private static async Task<string?> ReceiveAsync(ClientWebSocket ws, CancellationToken ct)
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await ws.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }

    private static Task SendAsync(ClientWebSocket ws, string text, CancellationToken ct) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(text).AsMemory(), WebSocketMessageType.Text, endOfMessage: true, ct).AsTask();
}
