using System.Net.WebSockets;
using ChatRoom.Chat;

namespace ChatRoom.Transport;

/// <summary>Frame by frame through the WebSocket itself, where there is no raw connection (the in-memory test server).</summary>
public sealed class WebSocketFrameWriter(WebSocket socket) : IFrameWriter
{
    public ValueTask WriteAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    public async ValueTask WriteAsync(IReadOnlyList<ReadOnlyMemory<byte>> frames, CancellationToken cancellationToken)
    {
        foreach (var frame in frames)
        {
            await WriteAsync(frame, cancellationToken);
        }
    }
}
