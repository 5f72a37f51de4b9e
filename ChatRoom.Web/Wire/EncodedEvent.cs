using ChatRoom.Model;

namespace ChatRoom.Wire;

/// <summary>
/// A sequenced event with its frames, each encoded at most once per format however many members
/// receive it. Frames are made on first use: a room with no JSON members never encodes JSON.
/// </summary>
/// <remarks>
/// The lazy slots need no lock: encoding is deterministic, so two threads racing to fill one
/// produce identical bytes and either array may win.
/// </remarks>
internal sealed class EncodedEvent(SequencedEvent sequenced)
{
    /// <summary>Kept for a format that sends its origin nothing, so that is decided once too.</summary>
    private static readonly byte[] Nothing = [];

    /// <summary>Per format: the event at its slot, what its origin gets at slot + format count.</summary>
    private readonly byte[]?[] _frames = new byte[]?[WireFormat.All.Count * 2];

    public SequencedEvent Event { get; } = sequenced;

    public byte[] For(IWireFormat format) => _frames[format.Slot] ??= format.Encode(Event);

    /// <summary>What the member that caused the event gets in its place (an ack); null for nothing.</summary>
    public byte[]? ForOrigin(IWireFormat format)
    {
        var frame = _frames[WireFormat.All.Count + format.Slot] ??= format.EncodeForOrigin(Event) ?? Nothing;
        return frame.Length == 0 ? null : frame;
    }
}
