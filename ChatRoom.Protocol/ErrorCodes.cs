namespace ChatRoom.Protocol;

/// <summary>The <c>code</c> of an <c>error</c> frame (docs/protocol.md, "Errors").</summary>
public static class ErrorCodes
{
    public const string TooLong = "too_long";
    public const string RateLimited = "rate_limited";
    public const string BadCommand = "bad_command";
    public const string BadName = "bad_name";
    public const string NameTaken = "name_taken";
    public const string Unavailable = "unavailable";
    public const string Muted = "muted";
}
