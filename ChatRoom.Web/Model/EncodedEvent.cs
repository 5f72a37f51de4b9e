using ChatRoom.Chat;
using ChatRoom.Names;
using ChatRoom.Wire;

namespace ChatRoom.Model;

/// <summary>
/// A sequenced event with its wire encodings, each made at most once however many members
/// receive it. Encodings are made on first use: a room with no JSON members never encodes JSON.
/// </summary>
/// <remarks>
/// The lazy fields need no lock: encoding is deterministic, so two threads racing to fill one
/// produce identical bytes and either array may win.
/// </remarks>
public sealed class EncodedEvent(SequencedEvent sequenced)
{
    private byte[]? _plainText;
    private byte[]? _json;
    private byte[]? _jsonAck;

    public SequencedEvent Event { get; } = sequenced;

    public byte[] PlainText => _plainText ??= PlainTextWire.Encode(Event);

    public byte[] Json => _json ??= JsonWire.Encode(Event);

    /// <summary>What the sender of a message gets in its place (JSON only: plain text has no acks).</summary>
    public byte[] JsonAck => _jsonAck ??= JsonWire.EncodeAck(Event);

    public byte[] For(WireFormat format) => format == WireFormat.Json ? Json : PlainText;
}
