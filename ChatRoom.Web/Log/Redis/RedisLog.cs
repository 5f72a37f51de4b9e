namespace ChatRoom.Log.Redis;

/// <summary>The backplane's log events.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(101, LogLevel.Information,
        "Connecting to Redis at {Endpoints} for room {Room} as instance {Instance}")]
    public static partial void Connecting(ILogger logger, string endpoints, string room, string instance);

    [LoggerMessage(102, LogLevel.Warning,
        "Redis connection {ConnectionType} to {Endpoint} failed ({FailureType}): chat unavailable until it is back")]
    public static partial void ConnectionFailed(ILogger logger, string connectionType, string endpoint,
        string failureType);

    [LoggerMessage(103, LogLevel.Information, "Redis connection {ConnectionType} to {Endpoint} restored")]
    public static partial void ConnectionRestored(ILogger logger, string connectionType, string endpoint);

    [LoggerMessage(104, LogLevel.Warning, "Redis command failed ({Script}): {Reason}")]
    public static partial void CommandFailed(ILogger logger, string script, string reason);

    [LoggerMessage(105, LogLevel.Information, "Filled a gap of {Count} entries from the stream after position {After}")]
    public static partial void GapFilled(ILogger logger, int count, long after);

    [LoggerMessage(106, LogLevel.Warning, "Announced {Count} members of dead instance {Instance} as left")]
    public static partial void Reaped(ILogger logger, long count, string instance);

    [LoggerMessage(107, LogLevel.Error,
        "This instance was declared dead: its rooms reset (members closed with 1012) and load again as " +
        "incarnation {Incarnation}")]
    public static partial void DeclaredDead(ILogger logger, string incarnation);

    [LoggerMessage(109, LogLevel.Error, "Room {Room} lost its continuity here ({Reason}): its members are closed with 1012")]
    public static partial void RoomReset(ILogger logger, string room, string reason);

    [LoggerMessage(108, LogLevel.Warning, "Leave of {Member} still not appended: retrying")]
    public static partial void LeaveRetrying(ILogger logger, string member);
}
