namespace ChatRoom.Protocol;

/// <summary>The WebSocket subprotocols a client may ask for at the upgrade.</summary>
public static class SubProtocol
{
    /// <summary>JSON frames (docs/protocol.md); without it a member gets plain text.</summary>
    public const string Json = "chatroom.v1.json";
}
