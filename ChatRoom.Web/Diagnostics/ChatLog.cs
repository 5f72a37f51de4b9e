using System.Net.WebSockets;

namespace ChatRoom.Diagnostics;

/// <summary>The room's log events, source-generated so the hot paths format nothing unless enabled.</summary>
internal static partial class ChatLog
{
    [LoggerMessage(1, LogLevel.Information, "Member {MemberId} joined as {Name} from {RemoteAddress} ({Format})")]
    public static partial void MemberJoined(
        ILogger logger,
        long memberId,
        string name,
        string remoteAddress,
        string format);

    [LoggerMessage(2, LogLevel.Information,
        "Member {MemberId} {Name} left after {Duration}: {MessagesIn} messages in, {FramesOut} frames out, close {CloseStatus} {CloseReason}")]
    public static partial void MemberLeft(
        ILogger logger,
        long memberId,
        string name,
        TimeSpan duration,
        long messagesIn,
        long framesOut,
        WebSocketCloseStatus? closeStatus,
        string closeReason);

    [LoggerMessage(
        3,
        LogLevel.Warning,
        "Member {MemberId} {Name} is too slow: {Queued} frames ({Bytes} bytes) queued; closing with 1008")]
    public static partial void MemberTooSlow(ILogger logger, long memberId, string name, int queued, long bytes);

    [LoggerMessage(
        4,
        LogLevel.Warning,
        "Member {MemberId} {Name} is flooding: {Drops} messages dropped within {Window}; closing with 1008")]
    public static partial void MemberFlooding(ILogger logger, long memberId, string name, int drops, TimeSpan window);

    [LoggerMessage(5, LogLevel.Debug, "Member {MemberId} sent {Text}")]
    public static partial void MessageText(ILogger logger, long memberId, string text);

    [LoggerMessage(6, LogLevel.Error, "Member {MemberId} connection failed")]
    public static partial void ConnectionFailed(ILogger logger, long memberId, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Shutting down: closing {Online} members with 1001")]
    public static partial void ShuttingDown(ILogger logger, int online);

    [LoggerMessage(8, LogLevel.Warning, "Chat unavailable: {Reason}")]
    public static partial void RoomUnavailable(ILogger logger, string reason);

    [LoggerMessage(
        9,
        LogLevel.Error,
        "The room's log lost continuity here; members are closed with 1012 and the room is loaded again")]
    public static partial void RoomReset(ILogger logger, Exception exception);

    [LoggerMessage(10, LogLevel.Warning, "Member {MemberId}'s leave was not appended: {Reason}")]
    public static partial void LeaveNotAppended(ILogger logger, long memberId, string reason);

    [LoggerMessage(
        11,
        LogLevel.Information,
        "Quiet with {Online} members: the collector gave back memory, {CommittedBeforeMiB} MiB committed before, {CommittedAfterMiB} MiB after, in a {PauseMs:F0} ms pause")]
    public static partial void MemoryTrimmed(
        ILogger logger,
        int online,
        long committedBeforeMiB,
        long committedAfterMiB,
        double pauseMs);

    [LoggerMessage(12, LogLevel.Debug, "Room {Room} was empty for Chat:EmptyRoomTtl: forgotten")]
    public static partial void RoomForgotten(ILogger logger, string room);

    [LoggerMessage(
        13,
        LogLevel.Warning,
        "Sign-in refused from {RemoteAddress}: {Reason} (logged once a minute per address)")]
    public static partial void SignInRefused(ILogger logger, string remoteAddress, string reason);

    // Who did what to whom, never how they proved it: no token, key or address.
    [LoggerMessage(40, LogLevel.Information,
        "Moderation: {By} did {Action} to {Target} for {Minutes} minutes")]
    public static partial void Moderated(ILogger logger, string by, string action, string target, int minutes);

    [LoggerMessage(41, LogLevel.Information, "Moderation: {By} deleted message {MessageId}")]
    public static partial void MessageDeleted(ILogger logger, string by, long messageId);
}
