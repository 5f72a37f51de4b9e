namespace ChatRoom.Chat;

/// <summary>What a member receives, chosen by WebSocket subprotocol at the upgrade.</summary>
public enum WireFormat
{
    PlainText,
    Json,
}

public static class WireFormats
{
    public const string JsonSubProtocol = "chatroom.v1.json";
}
