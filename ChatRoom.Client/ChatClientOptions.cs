namespace ChatRoom.Client;

/// <summary>How a <see cref="ChatClient"/> reconnects and sends.</summary>
public sealed record ChatClientOptions
{
    /// <summary>
    /// The room to join (<c>?room=</c>); null joins the server's default room. A name is 1–32 letters,
    /// digits, <c>-</c>, <c>_</c> or <c>.</c>, and case-insensitive; the server refuses any other with 400
    /// and says why (<see cref="ChatConnectException"/>). <see cref="ChatClient.SwitchRoomAsync"/> moves later.
    /// </summary>
    public string? Room { get; init; }

    /// <summary>
    /// A sign-in token (a JWT from the server's identity provider), sent as <c>Authorization: Bearer</c>:
    /// the member's name is then the token's, and the server refuses an invalid or expired one with 401.
    /// Null joins anonymously.
    /// </summary>
    public string? AccessToken { get; init; }

    /// <summary>The backoff before the first reconnect attempt; it doubles with every failed one.</summary>
    public TimeSpan InitialReconnectDelay { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>The longest backoff between two attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The share of each backoff taken off at random (0 to 1), so that clients dropped together
    /// do not all come back at the same instant.
    /// </summary>
    public double ReconnectJitter { get; init; } = 0.2;

    /// <summary>
    /// How long one connection attempt may take, from the TCP connect to the welcome: a server that
    /// accepts but never answers (a hung process, a balancer that black-holes) is then treated as
    /// unreachable, and a reconnect backs off and tries again.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a send waits for the server's answer (an <c>ack</c>, a reply or an error); a
    /// server silent for that long is treated as a lost connection.
    /// </summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// False (the default): a send while disconnected throws <see cref="ChatNotConnectedException"/>
    /// at once. True: it waits and is sent after the next reconnect.
    /// </summary>
    public bool QueueWhileDisconnected { get; init; }

    /// <summary>The clock for every delay and timeout; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (InitialReconnectDelay <= TimeSpan.Zero || MaxReconnectDelay < InitialReconnectDelay)
        {
            throw new ArgumentException($"need 0 < {nameof(InitialReconnectDelay)} <= {nameof(MaxReconnectDelay)}");
        }

        if (ReconnectJitter is < 0 or > 1)
        {
            throw new ArgumentException($"{nameof(ReconnectJitter)} must be between 0 and 1");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(ConnectTimeout)} must be positive");
        }

        if (ReplyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(ReplyTimeout)} must be positive");
        }
    }
}
