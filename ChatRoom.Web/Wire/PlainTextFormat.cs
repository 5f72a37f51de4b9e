using ChatRoom.Model;

namespace ChatRoom.Wire;

/// <summary>Plain text (<see cref="PlainTextWire"/>): no acks, and the welcome replays history as lines.</summary>
internal sealed class PlainTextFormat(int slot) : IWireFormat
{
    public string Name => "PlainText";

    public string? SubProtocol => null;

    public int Slot { get; } = slot;

    public bool CarriesIds => false;

    public byte[] Encode(SequencedEvent sequenced) => PlainTextWire.Encode(sequenced);

    public byte[]? EncodeForOrigin(SequencedEvent sequenced) => null;

    public byte[] Encode(DirectReply reply) => PlainTextWire.Encode(reply);

    public int WelcomeEntryOverhead(int kept, bool resumed) => 0;

    public IEnumerable<byte[]> EncodeWelcome(Welcome welcome) => PlainTextWire.EncodeWelcome(welcome);
}
