using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>What reaches the reader, in the order it happened.</summary>
internal abstract record FeedSignal;

/// <summary>An entry pushed on the room's channel.</summary>
internal sealed record Pushed(RedisValue Payload) : FeedSignal;

/// <summary>
/// Entries may have been missed (the subscription reconnected): read the stream from the next position.
/// </summary>
internal sealed record MaybeMissed : FeedSignal;

/// <summary>
/// The room's newest position and epoch as a heartbeat during the load of <paramref name="Generation"/>
/// saw them: a missed tail, or a lost room, shows here.
/// </summary>
internal sealed record Tail(string Epoch, long Position, long Generation) : FeedSignal;

/// <summary>This instance was declared dead while reading the load of <paramref name="Generation"/>.</summary>
internal sealed record DeclaredDead(long Generation) : FeedSignal;
