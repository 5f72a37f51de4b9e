using ChatRoom.Model;

namespace ChatRoom.Wire;

/// <summary>
/// JSON (<see cref="JsonWire"/>): a message's sender gets an ack with its id; the welcome is one
/// frame.
/// </summary>
internal sealed class JsonFormat(int slot, string subProtocol) : IWireFormat
{
    public string Name => "Json";

    public string? SubProtocol { get; } = subProtocol;

    public int Slot { get; } = slot;

    public bool CarriesIds => true;

    public byte[] Encode(SequencedEvent sequenced) => JsonWire.Encode(sequenced);

    public byte[]? EncodeForOrigin(SequencedEvent sequenced) =>
        sequenced.Body is ChatMessage ? JsonWire.EncodeAck(sequenced) : null;

    public byte[] Encode(DirectReply reply) => JsonWire.Encode(reply);

    public int WelcomeEntryOverhead(int kept, bool resumed) =>
        (kept > 0 ? 1 : 0) + (resumed ? Digits(kept + 1) - Digits(kept) : 0);

    public IEnumerable<byte[]> EncodeWelcome(Welcome welcome) => [JsonWire.Encode(welcome)];

    private static int Digits(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
}
