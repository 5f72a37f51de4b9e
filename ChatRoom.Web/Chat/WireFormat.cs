namespace ChatRoom.Chat;

/// <summary>What a member receives, chosen by WebSocket subprotocol at the upgrade.</summary>
public enum WireFormat
{
    PlainText,
    Json,
}
