namespace ChatRoom.Members;

/// <summary>How a member's receive loop ended, which decides the close it answers with.</summary>
internal static class LeaveReason
{
    public const string Closed = "closed";
    public const string ConnectionLost = "connection lost";
    public const string Refused = "invalid frame";
}
