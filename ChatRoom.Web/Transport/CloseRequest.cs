using System.Net.WebSockets;

namespace ChatRoom.Transport;

/// <summary>
/// Why and how a member's connection ends. <paramref name="DiscardPending"/> drops frames still
/// queued (a member too slow to read them), instead of flushing them before the close frame.
/// </summary>
internal sealed record CloseRequest(WebSocketCloseStatus Status, string Reason, bool DiscardPending = false)
{
    public static readonly CloseRequest TooSlow = new(WebSocketCloseStatus.PolicyViolation, "too slow",
        DiscardPending: true);
    public static readonly CloseRequest Flooding = new(WebSocketCloseStatus.PolicyViolation, "flooding");
    public static readonly CloseRequest BinaryFrame = new(WebSocketCloseStatus.InvalidMessageType,
        "binary frames are not supported");
    public static readonly CloseRequest ShuttingDown = new(WebSocketCloseStatus.EndpointUnavailable,
        "server is shutting down");
    public static readonly CloseRequest ClientClosed = new(WebSocketCloseStatus.NormalClosure, "bye");

    /// <summary>1012: this instance lost the room's log; the client reconnects and resumes, on any instance.</summary>
    public static readonly CloseRequest Reconnect = new((WebSocketCloseStatus)1012, "reconnect and resume");

    /// <summary>4001: a moderator removed the member; the client does not reconnect by itself.</summary>
    public static readonly CloseRequest Kicked = new((WebSocketCloseStatus)4001, "kicked");

    /// <summary>4001 for a ban: the member is refused with 403 at the upgrade until the ban ends.</summary>
    public static readonly CloseRequest Banned = new((WebSocketCloseStatus)4001, "banned");

    /// <summary>The WebSocket layer already sent the close (1002 or 1007) for a frame it refused.</summary>
    public static readonly CloseRequest Refused = new(WebSocketCloseStatus.ProtocolError, "invalid frame",
        DiscardPending: true);
    public static readonly CloseRequest ConnectionLost = new(WebSocketCloseStatus.Empty, "connection lost",
        DiscardPending: true);
}
