using System.Net.WebSockets;
using ChatRoom.Transport;

namespace ChatRoom.Echo;

/// <summary>
/// Writes an echo as one whole frame: straight to the upgraded connection where there is one (the
/// header goes in front of the payload in the receive buffer, so the message is not copied before
/// Kestrel takes it), else through the WebSocket (the in-memory test server).
/// </summary>
internal sealed class EchoWriter(WebSocket socket, SharedWriteStream? connection)
{
    /// <summary>Room kept in front of a received message for its frame header.</summary>
    public const int HeaderRoom = FrameWriter.MaxHeaderBytes;

    /// <param name="buffer">The message at <see cref="HeaderRoom"/>, <paramref name="length"/> bytes long.</param>
    public ValueTask WriteAsync(byte[] buffer, int length, WebSocketMessageType type,
        CancellationToken cancellationToken)
    {
        if (connection is null)
        {
            return socket.SendAsync(buffer.AsMemory(HeaderRoom, length), type, endOfMessage: true, cancellationToken);
        }

        var start = HeaderRoom - FrameWriter.HeaderBytes(length);
        FrameWriter.WriteHeader(buffer.AsSpan(start), length, binary: type == WebSocketMessageType.Binary);
        return connection.WriteAsync(buffer.AsMemory(start, HeaderRoom - start + length), cancellationToken);
    }
}
