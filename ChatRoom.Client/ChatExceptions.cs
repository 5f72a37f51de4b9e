namespace ChatRoom.Client;

/// <summary>
/// Nothing was sent, or its outcome is unknown, because the client is not connected: it is
/// reconnecting, the connection dropped before the server answered, or the session ended.
/// </summary>
public sealed class ChatNotConnectedException : InvalidOperationException
{
    /// <summary>Creates the exception with a message saying why.</summary>
    public ChatNotConnectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ChatNotConnectedException()
    {
    }

    /// <summary>Creates the exception with the failure that caused it.</summary>
    public ChatNotConnectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The server answered a send with an error (or the client knew it would, e.g. too long).</summary>
public sealed class ChatSendRejectedException : Exception
{
    /// <summary>Creates the exception from the server's error code and message.</summary>
    public ChatSendRejectedException(string code, string message)
        : base($"{code}: {message}")
    {
        Code = code;
    }

    /// <summary>Creates the exception.</summary>
    public ChatSendRejectedException()
    {
        Code = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public ChatSendRejectedException(string message)
        : base(message)
    {
        Code = "";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ChatSendRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "";
    }

    /// <summary>docs/protocol.md's error code: <c>too_long</c>, <c>rate_limited</c>, <c>bad_name</c>, …</summary>
    public string Code { get; }
}

/// <summary>The first connection failed: the server refused the upgrade, or could not be reached.</summary>
public sealed class ChatConnectException : Exception
{
    /// <summary>Creates the exception with the reason and, for a refused upgrade, its HTTP status.</summary>
    public ChatConnectException(string message, int? httpStatus, Exception? innerException)
        : base(message, innerException)
    {
        HttpStatus = httpStatus;
    }

    /// <summary>Creates the exception.</summary>
    public ChatConnectException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ChatConnectException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ChatConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status of a refused upgrade (400, 401, 403, 503); null when unreachable.</summary>
    public int? HttpStatus { get; }
}
