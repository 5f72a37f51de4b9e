namespace ChatRoom.Client.Protocol;

/// <summary>One JSON frame from the server, as the client acts on it.</summary>
internal abstract record ServerFrame;

/// <param name="Resumed">Null on a first connection; false when the missed events are gone.</param>
internal sealed record WelcomeFrame(RoomWelcome Welcome, IReadOnlyList<RoomEvent> History, bool? Resumed) : ServerFrame;

internal sealed record AckFrame(long Id) : ServerFrame;

/// <summary>A room event or a reply: what the app sees as it is.</summary>
internal sealed record EventFrame(ChatEvent Event) : ServerFrame;
