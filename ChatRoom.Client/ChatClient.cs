using System.Text;
using ChatRoom.Client.Connection;
using ChatRoom.Client.Sending;
using ChatRoom.Protocol;

namespace ChatRoom.Client;

/// <summary>
/// A member of a ChatRoom over the JSON protocol that stays a member: when the connection drops it
/// reconnects with backoff, resumes where it left off and reports every missed event once, in order.
/// </summary>
/// <example>
/// <code>
/// await using var chat = await ChatClient.ConnectAsync(new Uri("ws://localhost:8080/ws"), "alice");
/// var id = await chat.SendAsync("hello");
/// await foreach (var e in chat.ReadEventsAsync())
/// {
///     if (e is MessageEvent m) Console.WriteLine($"{m.From}: {m.Text}");
/// }
/// </code>
/// </example>
public sealed class ChatClient : IAsyncDisposable
{
    private readonly ChatSession _session;

    private ChatClient(ChatSession session) => _session = session;

    /// <summary>The name the room gave this member (it changes with <c>/nick</c>).</summary>
    public string Name => _session.Timeline.You;

    /// <summary>
    /// The room this member is in, as the server names it (lower case); null from a server without rooms.
    /// </summary>
    public string? Room => _session.Timeline.Room;

    /// <summary>True while a connection is up; false while reconnecting and after the session ended.</summary>
    public bool IsConnected => _session.IsConnected;

    /// <summary>Joins the room at <paramref name="uri"/> (e.g. <c>ws://localhost:8080/ws</c>).</summary>
    /// <param name="uri">The server's <c>/ws</c> address.</param>
    /// <param name="name">The nickname to ask for; a taken one gets a suffix (see <see cref="Name"/>).</param>
    /// <param name="key">The server's access key, when it has one (sent as <c>?key=</c>; a sign-in token is
    /// <see cref="ChatClientOptions.AccessToken"/>).</param>
    /// <param name="options">Backoff, timeouts, queueing and the clock; the defaults suit an interactive app.</param>
    /// <param name="cancellationToken">Stops the first connection attempt.</param>
    /// <exception cref="ChatConnectException">The server refused the upgrade or could not be reached;
    /// nothing is retried.</exception>
    public static async Task<ChatClient> ConnectAsync(Uri uri, string name, string? key = null,
        ChatClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(name);
        options ??= new ChatClientOptions();
        options.Validate();
        var session = new ChatSession(uri, key, options);
        try
        {
            await session.StartAsync(name, cancellationToken);
            return new ChatClient(session);
        }
        catch (ConnectFailedException failed)
        {
            session.Dispose();
            throw new ChatConnectException(failed.Message, failed.End.HttpStatus, failed.InnerException);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Everything that happens, in order: the history after <see cref="Connected"/>, room events,
    /// replies, <see cref="Reconnecting"/>, <see cref="Resumed"/> with the missed events,
    /// <see cref="Reset"/>; it ends after <see cref="SessionEnded"/>. Read it from one place.
    /// </summary>
    /// <param name="cancellationToken">Stops reading; the session goes on.</param>
    public IAsyncEnumerable<ChatEvent> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        _session.Timeline.Events.ReadAllAsync(cancellationToken);

    /// <summary>
    /// Sends a message, an action (<c>/me waves</c>) or <c>//text</c>; returns its room id from the server's ack.
    /// </summary>
    /// <param name="text">What the member typed; it may span lines.</param>
    /// <param name="cancellationToken">Stops waiting; a message already out may still be delivered.</param>
    /// <exception cref="ArgumentException">The text is empty or a command (use
    /// <see cref="SendCommandAsync"/>).</exception>
    /// <exception cref="ChatNotConnectedException">Disconnected (and not queueing), or the connection
    /// dropped before the ack.</exception>
    /// <exception cref="ChatSendRejectedException">The server refused it: too long, rate
    /// limited, unavailable.</exception>
    public Task<long> SendAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var input = ChatInput.Read(text);
        switch (input.Kind)
        {
            case ChatInputKind.Empty:
                throw new ArgumentException("nothing to send: the message is empty", nameof(text));
            case ChatInputKind.Command:
                throw new ArgumentException(
                    $"'{text}' is a command: send it with {nameof(SendCommandAsync)} (start a message with // to " +
                    "begin it with /)", nameof(text));
        }

        var max = _session.Timeline.MaxMessageBytes;
        if (Encoding.UTF8.GetByteCount(text) > max)
        {
            throw new ChatSendRejectedException(ErrorCodes.TooLong, $"message too long (max {max} bytes)");
        }

        return SendQueue.EnqueueAsync(_session, new PendingSend(text, input), cancellationToken);
    }

    /// <summary>
    /// Sends a command (<c>/nick bob</c>, <c>/who</c>, <c>/rooms</c>, <c>/help</c>); completes when the server has
    /// answered. Answers that are events (<see cref="MembersEvent"/>, <see cref="RoomsEvent"/>,
    /// <see cref="HelpEvent"/>, <see cref="RenameEvent"/>) arrive in <see cref="ReadEventsAsync"/>.
    /// </summary>
    /// <param name="command">The command line, e.g. <c>/nick bob</c>.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <exception cref="ChatSendRejectedException">The server answered with an error (e.g.
    /// <c>name_taken</c>).</exception>
    /// <exception cref="ChatNotConnectedException">Disconnected (and not queueing), or the
    /// connection dropped first.</exception>
    public Task SendCommandAsync(string command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var input = ChatInput.Read(command);
        if (input.Kind != ChatInputKind.Command)
        {
            throw new ArgumentException($"'{command}' is not a command: send it with {nameof(SendAsync)}",
                nameof(command));
        }

        return SendQueue.EnqueueAsync(_session, new PendingSend(command, input), cancellationToken);
    }

    /// <summary>
    /// Moves to <paramref name="room"/>: opens a connection there and then leaves the current room (1000).
    /// A room visited before this session resumes where the member left it (<see cref="Resumed"/>, then
    /// exactly the events missed there), so nothing is reported twice; a new one reports
    /// <see cref="Connected"/> and its history. Switching to the room the member is in does nothing.
    /// </summary>
    /// <param name="room">The room's name (case-insensitive).</param>
    /// <param name="cancellationToken">Stops the attempt; the member stays where it is.</param>
    /// <exception cref="ChatConnectException">The server refused the room (400 with its reason for a bad
    /// name, 404 for a room that does not exist, 503 for a full one) or could not be reached: the member
    /// stays in its room.</exception>
    /// <exception cref="ChatNotConnectedException">The session has ended.</exception>
    public async Task SwitchRoomAsync(string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(room);
        try
        {
            await _session.SwitchAsync(room, cancellationToken);
        }
        catch (ConnectFailedException failed)
        {
            throw new ChatConnectException(failed.Message, failed.End.HttpStatus, failed.InnerException);
        }
    }

    /// <summary>Leaves the room: closes with 1000 and ends the session (<see cref="SessionEnded"/>).</summary>
    /// <param name="cancellationToken">Stops waiting for the server's close frame.</param>
    public Task CloseAsync(CancellationToken cancellationToken = default) => _session.CloseAsync(cancellationToken);

    /// <summary>Closes (see <see cref="CloseAsync"/>) unless the session already ended.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_session.HasEnded)
        {
            await _session.CloseAsync(CancellationToken.None);
        }

        _session.Dispose();
    }
}
