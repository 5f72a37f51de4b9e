using System.Net.WebSockets;

namespace ChatRoom.Client.Connection;

/// <summary>Why a connection, or an attempt at one, ended, and whether trying again can help.</summary>
/// <param name="IsFinal">True when a retry would meet the same answer (a refused key, a flooding close).</param>
/// <param name="RetryAfter">The server's Retry-After on a 503, the least wait before the next attempt.</param>
internal sealed record ConnectionEnd(string Reason, bool IsFinal, int? CloseStatus = null, int? HttpStatus = null,
    TimeSpan? RetryAfter = null)
{
    public static ConnectionEnd ClosedByClient { get; } = new("closed", IsFinal: true,
        CloseStatus: (int)WebSocketCloseStatus.NormalClosure);

    /// <summary>
    /// The server closed the socket. 1001 (shutting down), 1011 (server error) and 1012 (reconnect
    /// and resume) are worth a retry; the codes that say this client broke a rule or the policy
    /// (1008: flooding, too slow) would only be repeated, and a moderator's 4001 is not to be undone.
    /// </summary>
    public static ConnectionEnd ServerClosed(WebSocketCloseStatus? status, string? description)
    {
        var code = (int?)status;
        if (code == 4001)
        {
            // Reconnecting would undo a kick, or meet the ban's 403.
            return new ConnectionEnd(description == "banned" ? "a moderator banned you from this room (4001)"
                : "a moderator kicked you from this room (4001)", IsFinal: true, CloseStatus: code);
        }

        var reason = "the server closed the connection "
            + $"({code}{(string.IsNullOrEmpty(description) ? "" : " " + description)})";
        var isFinal = code is 1000 or 1002 or 1003 or 1007 or 1008 or 1009 or 1010;
        return new ConnectionEnd(reason, isFinal, CloseStatus: code);
    }

    /// <summary>
    /// The server answered the upgrade with <paramref name="status"/> instead of 101: a refusal of
    /// who the client is or what it asked for (400, 401, 403, 404) stands; 5xx (the room is full,
    /// shutting down) and 429 pass.
    /// </summary>
    /// <param name="serverReason">What the server said, shown as it is: it names what to fix.</param>
    public static ConnectionEnd Refused(int status, TimeSpan? retryAfter, string? serverReason = null)
    {
        var reason = serverReason is not null
            ? $"the server refused the connection ({status}): {serverReason}"
            : status switch
            {
                400 => "the server refused the request (400): the name, room or resume position is not valid",
                401 => "the server needs a valid access key or sign-in token (401)",
                403 => "the server refused this client (403): banned from this room, or its origin is not allowed",
                404 => "the server has no such room (404)",
                503 => "the room is full or the server is unavailable (503)",
                _ => $"the server refused the connection ({status})",
            };
        return new ConnectionEnd(
            reason,
            IsFinal: status is >= 400 and < 500 and not 408 and not 429,
            HttpStatus: status,
            RetryAfter: retryAfter);
    }

    public static ConnectionEnd Lost(string reason) => new(reason, IsFinal: false);

    /// <summary>A frame this client cannot read: a server speaking another version of the protocol.</summary>
    public static ConnectionEnd Unreadable(string problem) =>
        new($"the server sent a frame this client cannot read: {problem}", IsFinal: true);
}
