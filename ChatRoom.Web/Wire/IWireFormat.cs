using ChatRoom.Model;

namespace ChatRoom.Wire;

/// <summary>
/// How one member reads the room, chosen once at its upgrade (as SignalR gives each connection an
/// <c>IHubProtocol</c>): room events, what a member gets in place of its own message, replies to
/// it alone, and the welcome. <see cref="WireFormat.All"/> lists every format; each lives in this folder.
/// </summary>
internal interface IWireFormat
{
    /// <summary>For logs: <c>PlainText</c>, <c>Json</c>.</summary>
    string Name { get; }

    /// <summary>The WebSocket subprotocol a client asks for it with; null for the default format.</summary>
    string? SubProtocol { get; }

    /// <summary>
    /// Whether events carry their ids, so that a client can resume from one. A format without ids
    /// gets the usual welcome whatever <c>since</c> and <c>epoch</c> say.
    /// </summary>
    bool CarriesIds { get; }

    /// <summary>Its index in <see cref="WireFormat.All"/>: where frames encoded in it are kept.</summary>
    int Slot { get; }

    byte[] Encode(SequencedEvent sequenced);

    /// <summary>What the member that caused <paramref name="sequenced"/> gets in its place; null for nothing.</summary>
    byte[]? EncodeForOrigin(SequencedEvent sequenced);

    byte[] Encode(DirectReply reply);

    /// <summary>
    /// Bytes the <paramref name="kept"/>-th history entry adds to a welcome besides its own frame
    /// (JSON: the comma before it, and a digit of <c>missed</c> now and then).
    /// </summary>
    int WelcomeEntryOverhead(int kept, bool resumed);

    /// <summary>The frames a joiner is sent before anything else.</summary>
    IEnumerable<byte[]> EncodeWelcome(Welcome welcome);
}
