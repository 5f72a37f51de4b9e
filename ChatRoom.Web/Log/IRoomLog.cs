using ChatRoom.Model;

namespace ChatRoom.Log;

/// <summary>
/// The room's ordered log: members append commands, the log decides each one atomically (the
/// next id, a unique name, the count, room full) and appends the resulting entry; every instance
/// reads the entries in position order and applies them to its copy of the room. One in-process
/// implementation (the default) and one on Redis; nothing above this seam knows which one runs.
/// </summary>
internal interface IRoomLog
{
    /// <summary>False while the log cannot be reached: appends would fail.</summary>
    bool IsAvailable { get; }

    /// <summary>The room as of its newest entry: where a reader starts.</summary>
    /// <exception cref="RoomUnavailableException">The log cannot be reached now.</exception>
    Task<RoomSnapshot> LoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Every entry after <paramref name="afterPosition"/>, in position order, with no gap and no
    /// duplicate, until cancelled. One reader per instance.
    /// </summary>
    /// <exception cref="RoomLogResetException">The log cannot go on from here: start again from
    /// <see cref="LoadAsync"/>.</exception>
    IAsyncEnumerable<LogEntry> ReadAsync(long afterPosition, CancellationToken cancellationToken);

    /// <summary>
    /// Decides <paramref name="command"/> and, unless it is refused, appends its entry. A retried
    /// append never makes two entries. A leave that cannot be appended now is the log's to retry.
    /// </summary>
    /// <exception cref="RoomUnavailableException">The log cannot be reached: nothing was appended,
    /// and nothing will be.</exception>
    /// <exception cref="AppendOutcomeUnknownException">The log could not say in time
    /// whether it was appended.</exception>
    ValueTask<AppendResult> AppendAsync(RoomCommand command, CancellationToken cancellationToken);
}

/// <summary>What the log decided about a command; <see cref="Position"/> is its entry's, 0 when refused.</summary>
internal readonly record struct AppendResult(AppendStatus Status, long Position = 0)
{
    public static AppendResult Refused(AppendStatus status) => new(status);
}

internal enum AppendStatus
{
    Appended,
    RoomFull,
    NameTaken,
    NameUnchanged,

    /// <summary>
    /// The member is not in the room (it already left, or was declared gone); for a join, it already is.
    /// </summary>
    NotAMember,

    /// <summary>A join whose ban key is banned from the room.</summary>
    Banned,

    /// <summary>A message from a member whose ban key is muted.</summary>
    Muted,

    /// <summary>A moderation whose member, ban or message is not in the room.</summary>
    NotFound,
}

/// <summary>The log is unreachable (Redis down): the command was not appended.</summary>
internal sealed class RoomUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The log went silent after the command may have reached it, and stayed so past the time a sender
/// waits: it may or may not be in the room. Neither an ack nor <c>unavailable</c> would be true;
/// the sender reconnects and resumes, and the resumed events show whether it is there.
/// </summary>
internal sealed class AppendOutcomeUnknownException(string message, Exception? inner = null)
    : Exception(message, inner);

/// <summary>The log lost its continuity for this reader (a new epoch, trimmed entries, declared dead).</summary>
internal sealed class RoomLogResetException(string message) : Exception(message);
