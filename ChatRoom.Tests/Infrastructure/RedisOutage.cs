namespace ChatRoom.Tests.Infrastructure;

/// <summary>When Redis answered no one, on its own clock (compare with its TIME, not the test's clock).</summary>
public sealed record RedisOutage(DateTimeOffset Start, DateTimeOffset End);
