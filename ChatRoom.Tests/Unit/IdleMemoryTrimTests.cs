using ChatRoom.Hosting;
using static ChatRoom.Hosting.IdleMemoryTrim;

namespace ChatRoom.Tests.Unit;

/// <summary>When the collector is asked to give memory back: only when quiet, and only when it pays.</summary>
public sealed class IdleMemoryTrimTests
{
    private const long MiB = 1024 * 1024;

    // After a join storm: 10,000 members, 315 MB committed for a 196 MB heap.
    private static readonly Sample Before = new(10_000, 5_000 * MiB, 315 * MiB, 196 * MiB);

    [Fact]
    public void A_quiet_period_with_much_spare_memory_trims() =>
        Assert.True(ShouldTrim(Before, Before with { Allocated = Before.Allocated + MiB }));

    [Fact]
    public void A_join_or_a_leave_in_the_period_does_not() =>
        Assert.False(ShouldTrim(Before, Before with { Members = 10_001 }));

    [Fact]
    public void Traffic_does_not() =>
        Assert.False(ShouldTrim(Before, Before with { Allocated = Before.Allocated + QuietAllocationBytes }));

    [Fact]
    public void Little_spare_memory_does_not() =>
        Assert.False(ShouldTrim(Before, Before with { Committed = Before.Heap + MinSpareBytes - 1 }));

    [Fact]
    public void The_setting_is_on_by_default() =>
        Assert.True(new ChatRoom.Chat.ChatOptions().TrimMemoryWhenIdle);
}
