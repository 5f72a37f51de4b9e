namespace ChatRoom.Chat;

internal static class ErrorCodes
{
    public const string TooLong = "too_long";
    public const string RateLimited = "rate_limited";
    public const string BadCommand = "bad_command";
    public const string BadName = "bad_name";
    public const string NameTaken = "name_taken";
    public const string Unavailable = "unavailable";
}
