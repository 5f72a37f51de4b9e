using ChatRoom.Model;

namespace ChatRoom.Wire;

/// <summary>
/// A reply that many members get alike (help, /who, presence, the shutdown notice), encoded at
/// most once per format. Like <see cref="EncodedEvent"/>, it needs no lock.
/// </summary>
internal sealed class SharedReply(DirectReply reply)
{
    private readonly byte[]?[] _frames = new byte[]?[WireFormat.All.Count];

    public byte[] For(IWireFormat format) => _frames[format.Slot] ??= format.Encode(reply);
}
