using ChatRoom.Hosting;
using ChatRoom.Hosting.Limits;
using static ChatRoom.Hosting.Limits.IdleMemoryTrim;

namespace ChatRoom.Tests.Unit;

/// <summary>When the collector is asked to give memory back: only when quiet, and only when it pays.</summary>
public sealed class IdleMemoryTrimTests
{
    private const long MiB = 1024 * 1024;

    // After a join storm: 10,000 members, 315 MB committed for a 196 MB heap; 11 MB at start.
    private static readonly Sample Before = new(10_000, 10_000, 5_000 * MiB, 315 * MiB, 196 * MiB);
    private static readonly long AtStart = 11 * MiB;

    [Fact]
    public void A_quiet_period_with_much_spare_memory_trims() =>
        Assert.True(ShouldTrim(Before, Before with { Allocated = Before.Allocated + MiB }, AtStart));

    [Fact]
    public void A_join_or_a_leave_in_the_period_does_not() =>
        Assert.False(ShouldTrim(Before, Before with { Members = 10_001 }, AtStart));

    [Fact]
    public void A_room_event_in_the_period_does_not() =>
        Assert.False(ShouldTrim(Before, Before with { RoomPosition = Before.RoomPosition + 1 }, AtStart));

    [Fact]
    public void Traffic_does_not() =>
        Assert.False(ShouldTrim(Before, Before with { Allocated = Before.Allocated + QuietAllocationBytes }, AtStart));

    [Fact]
    public void Growth_since_the_last_trim_counts_when_the_last_collection_left_the_dead_in_the_heap()
    {
        // A young collection last: 264 MB committed for a "212 MB" heap, much of it dead in gen2.
        var young = Before with { Committed = 264 * MiB, Heap = 212 * MiB };
        Assert.True(ShouldTrim(young, young, AtStart));
        Assert.False(ShouldTrim(young, young, young.Committed - MinSpareBytes + 1));
    }

    [Fact]
    public void Little_spare_memory_and_little_growth_since_the_last_trim_does_not() =>
        Assert.False(ShouldTrim(Before, Before with { Committed = Before.Heap + MinSpareBytes - 1 }, Before.Heap));

    [Fact]
    public void The_setting_is_on_by_default() =>
        Assert.True(new ChatRoom.Model.ChatOptions().TrimMemoryWhenIdle);
}
