using ChatRoom.Diagnostics;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Rooms;
using Microsoft.Extensions.Options;

namespace ChatRoom.Hosting.Limits;

/// <summary>
/// Gives the collector's spare memory back to the OS once the process has gone quiet after
/// growing: one compacting, decommitting collection when nobody joined or left and little was
/// allocated for a whole period, and the collector holds far more than the heap needs.
/// </summary>
/// <remarks>
/// After 10,000 members joined, server GC kept ≈ 315 MB committed for a 196 MB heap, and neither
/// its budgets nor an ordinary full collection gave it back (docs/perf/journal-2026-12.md, "Round three:
/// idle memory"): ≈ 14 KiB of every idle member's 33 KiB. An aggressive collection returns it
/// (RSS 40 → 21 KiB per member) in one pause, ≈ 225 ms at 10,000 members, while the room is idle.
/// Busy servers never pay it: a room event or a join in the period puts it off.
/// Kestrel's block pool (<see cref="BoundedBlockPools"/>) is emptied first, so its kept
/// blocks are collected with the rest.
/// </remarks>
internal sealed class IdleMemoryTrim(
    RoomDirectory rooms, BoundedBlockPools pools, TimeProvider time, IOptions<ChatOptions> options,
    ILogger<IdleMemoryTrim> logger)
    : BackgroundService
{
    /// <summary>How long the process must be quiet: joins come in far quicker than this during a storm.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Allocated within a period that still counts as quiet. Not quiet enough on its own: a busy
    /// fan-out writes from pooled buffers and allocates little, hence also no room event.
    /// </summary>
    public const long QuietAllocationBytes = 8L * 1024 * 1024;

    /// <summary>
    /// Spare memory below which a pause is not worth it: committed beyond the heap, or committed
    /// beyond what the last trim (or the start) left.
    /// </summary>
    public const long MinSpareBytes = 64L * 1024 * 1024;

    /// <summary>At most one trim this often, whatever the samples say.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);

    /// <summary>What one look at the process sees; the collector's figures are as of its last collection.</summary>
    public readonly record struct Sample(int Members, long RoomPosition, long Allocated, long Committed, long Heap)
    {
        public static Sample Take(int members, long roomPosition)
        {
            var gc = GC.GetGCMemoryInfo();
            return new Sample(members, roomPosition, GC.GetTotalAllocatedBytes(), gc.TotalCommittedBytes,
                gc.HeapSizeBytes);
        }
    }

    /// <summary>
    /// Quiet for a whole period (no room event, no member come or gone, little allocated) and much
    /// spare memory. The collector's heap size is as of its last collection, often a young one
    /// that left the join storm's dead objects in gen2 (10,000 joins: 264 MB committed for a
    /// "212 MB" heap, 27 KiB RSS per member), so growth since the last trim counts as spare too.
    /// </summary>
    public static bool ShouldTrim(Sample previous, Sample now, long committedAfterLastTrim) =>
        now.RoomPosition == previous.RoomPosition
        && now.Members == previous.Members
        && now.Allocated - previous.Allocated < QuietAllocationBytes
        && (now.Committed - now.Heap >= MinSpareBytes || now.Committed - committedAfterLastTrim >= MinSpareBytes);

    /// <summary>A sample of every room here: members on this instance, and entries applied in all.</summary>
    private static Sample Take(RoomDirectory rooms)
    {
        var members = 0;
        var positions = 0L;
        foreach (var room in rooms.All)
        {
            members += room.Room.LocalCount;
            positions += room.Room.State.Position;
        }

        return Sample.Take(members, positions);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.TrimMemoryWhenIdle)
        {
            return;
        }

        using var timer = new PeriodicTimer(Period, time);
        var previous = Take(rooms);
        var committedAfterLastTrim = previous.Committed;
        DateTimeOffset? lastTrim = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = Take(rooms);
                if (ShouldTrim(previous, now, committedAfterLastTrim)
                    && (lastTrim is not { } last || time.GetUtcNow() - last >= MinInterval))
                {
                    pools.Trim();
                    var pauseBefore = GC.GetTotalPauseDuration();
                    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    lastTrim = time.GetUtcNow();
                    var after = Take(rooms);
                    ChatLog.MemoryTrimmed(logger, now.Members, now.Committed >> 20, after.Committed >> 20,
                        (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds);
                    committedAfterLastTrim = after.Committed;
                    now = after;
                }

                previous = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
