namespace ChatRoom.Client;

/// <summary>The room as the server described it on (re)connecting.</summary>
/// <param name="You">The name this member got (a taken name gets a suffix, e.g. <c>alice-2</c>).</param>
/// <param name="Online">How many are online.</param>
/// <param name="Members">Who is online (the server lists at most 100 names).</param>
/// <param name="Epoch">The server's epoch: ids restart when it changes; null from a server without resume.</param>
/// <param name="Last">The newest room event's id when this member joined.</param>
/// <param name="MaxMessageBytes">The longest message the server takes, in UTF-8 bytes.</param>
/// <param name="Room">The room's name as the server shows it (lower case); null from a server without rooms.</param>
public sealed record RoomWelcome(string You, int Online, IReadOnlyList<string> Members, string? Epoch, long Last,
    int MaxMessageBytes, string? Room = null);

/// <summary>
/// In a room for the first time this session: the first connection is up, or
/// <see cref="ChatClient.SwitchRoomAsync"/> entered a room not visited before; the recent history follows as
/// ordinary events.
/// </summary>
public sealed record Connected(RoomWelcome Welcome) : ChatEvent;

/// <summary>The connection was lost; the client tries again at <paramref name="RetryAt"/>.</summary>
/// <param name="Attempt">1 for the first try after a loss, counting up until one succeeds.</param>
/// <param name="Delay">The backoff before this attempt.</param>
/// <param name="RetryAt">When the attempt starts, on the client's <see cref="TimeProvider"/>.</param>
/// <param name="Reason">Why the previous connection or attempt failed.</param>
public sealed record Reconnecting(int Attempt, TimeSpan Delay, DateTimeOffset RetryAt, string Reason) : ChatEvent;

/// <summary>
/// Reconnected, or back in a room visited before, and resumed: exactly the <paramref name="Missed"/> events
/// missed follow, in order.
/// </summary>
public sealed record Resumed(RoomWelcome Welcome, int Missed) : ChatEvent;

/// <summary>
/// Reconnected, or back in a room visited before, but the missed events are gone (the server restarted, or
/// they are older than its resume window): drop what you show; the recent history follows as ordinary events.
/// </summary>
public sealed record Reset(RoomWelcome Welcome) : ChatEvent;

/// <summary>The session is over and no reconnect follows: the last event before the stream ends.</summary>
/// <param name="Reason">Why, e.g. the server's close reason (<c>flooding</c>) or an HTTP refusal.</param>
/// <param name="CloseStatus">The WebSocket close code, when the server closed the socket.</param>
/// <param name="HttpStatus">The HTTP status, when the server refused the upgrade.</param>
public sealed record SessionEnded(string Reason, int? CloseStatus = null, int? HttpStatus = null) : ChatEvent;
