using System.Net.WebSockets;

namespace ChatRoom.Echo;

/// <summary>Why the server ends an echo connection: the close frame's status and reason.</summary>
internal sealed record EchoClose(WebSocketCloseStatus Status, string Reason)
{
    public static readonly EchoClose TooBig = new(WebSocketCloseStatus.MessageTooBig, "message too big");

    /// <summary>
    /// An echo has no error channel (every frame comes back unchanged), so over the rate it closes at once.
    /// </summary>
    public static readonly EchoClose RateLimited = new(WebSocketCloseStatus.PolicyViolation, "rate limit exceeded");

    public static readonly EchoClose TooSlow = new(WebSocketCloseStatus.PolicyViolation, "too slow");

    public static readonly EchoClose ShuttingDown = new(WebSocketCloseStatus.EndpointUnavailable,
        "server is shutting down");

    /// <summary>
    /// The answer to the peer's close: its own status back (RFC 6455 §5.5.1), 1000 when it gave none.
    /// </summary>
    public static EchoClose Answer(WebSocketCloseStatus? status) =>
        new(status is null or WebSocketCloseStatus.Empty ? WebSocketCloseStatus.NormalClosure : status.Value, "");
}
