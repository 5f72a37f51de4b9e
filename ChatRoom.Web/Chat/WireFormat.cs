namespace ChatRoom.Chat;

public static class WireFormats
{
    public const string JsonSubProtocol = "chatroom.v1.json";
}
