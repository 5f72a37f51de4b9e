using System.Net.WebSockets;

namespace ChatRoom.Transport;

internal static class Disconnects
{
    /// <summary>A peer that vanishes, or is aborted by us, is an ordinary way to leave, not an error.</summary>
    public static bool IsDisconnect(Exception exception) =>
        exception is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException;
}
