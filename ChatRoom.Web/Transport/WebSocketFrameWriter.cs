using System.Net.WebSockets;

namespace ChatRoom.Transport;

/// <summary>
/// Frame by frame through the WebSocket itself, where there is no raw connection (the in-memory
/// test server).
/// </summary>
internal sealed class WebSocketFrameWriter(WebSocket socket) : IFrameWriter
{
    public ValueTask WriteAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    public async ValueTask WriteAsync(ReadOnlyMemory<ReadOnlyMemory<byte>> frames, CancellationToken cancellationToken)
    {
        for (var i = 0; i < frames.Length; i++)
        {
            await WriteAsync(frames.Span[i], cancellationToken);
        }
    }
}
