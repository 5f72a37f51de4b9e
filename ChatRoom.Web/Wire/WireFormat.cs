using ChatRoom.Protocol;

namespace ChatRoom.Wire;

/// <summary>The formats a member can read, and the choice of one at the upgrade.</summary>
internal static class WireFormat
{
    /// <summary>The default: one readable line per frame, for wscat and scripts.</summary>
    public static readonly IWireFormat PlainText = new PlainTextFormat(slot: 0);

    public static readonly IWireFormat Json = new JsonFormat(slot: 1, SubProtocol.Json);

    public static IReadOnlyList<IWireFormat> All { get; } = [PlainText, Json];

    /// <summary>The first format whose subprotocol the client asked for, else plain text.</summary>
    public static IWireFormat Choose(IList<string> requestedSubProtocols)
    {
        foreach (var format in All)
        {
            if (format.SubProtocol is { } name && requestedSubProtocols.Contains(name))
            {
                return format;
            }
        }

        return PlainText;
    }
}
