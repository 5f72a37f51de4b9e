namespace ChatRoom.Protocol;

/// <summary>The <c>type</c> of each JSON frame (docs/protocol.md, "JSON frames").</summary>
public static class FrameType
{
    public const string Welcome = "welcome";
    public const string Ack = "ack";
    public const string Message = "message";
    public const string Join = "join";
    public const string Leave = "leave";
    public const string Rename = "rename";
    public const string Notice = "notice";
    public const string Moderation = "moderation";
    public const string Delete = "delete";
    public const string Presence = "presence";
    public const string Members = "members";
    public const string Rooms = "rooms";
    public const string Help = "help";
    public const string Error = "error";
}
