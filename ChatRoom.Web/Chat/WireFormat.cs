namespace ChatRoom.Chat;

internal static class WireFormats
{
    public const string JsonSubProtocol = "chatroom.v1.json";
}
