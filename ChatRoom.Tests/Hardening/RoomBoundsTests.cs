using ChatRoom.Names;
using ChatRoom.Rooms;
using ChatRoom.Tests.Infrastructure;
using ChatRoom.Tests.Unit;
using ChatRoom.Wire;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// Rooms as an attack surface: thousands of rooms, each opened by one member with a name at the
/// limit, cost a bounded amount each, stop at Chat:MaxRooms, and a listing stays 100 rooms long.
/// </summary>
/// <remarks>Alone: it measures the process's managed heap, which other tests' hosts would move.</remarks>
[Collection(RunsAlone.Name)]
public sealed class RoomBoundsTests(ITestOutputHelper output)
{
    private const int Rooms = 5000;

    /// <summary>docs/configuration-and-limits.md states the figure this measures (≈ 5.3–5.5 KiB).</summary>
    private const int MaxBytesPerEmptyRoom = 8 * 1024;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Five_thousand_empty_rooms_cost_a_bounded_few_kilobytes_each_and_the_next_room_is_refused()
    {
        await using var harness = await RoomHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Chat:MaxRooms"] = (Rooms + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var directory = harness.Get<RoomDirectory>();

        // The median of three rounds: what the rest of the process frees or keeps meanwhile (a
        // host of an earlier test finishing its shutdown) moves one round, not the median.
        var rounds = new List<long>();
        for (var round = 0; round < 3; round++)
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            await OpenRoomsAsync(harness, directory);
            var after = GC.GetTotalMemory(forceFullCollection: true);
            rounds.Add((after - before) / Rooms);
            output.WriteLine($"{Rooms} empty rooms: {(after - before) / 1024} KiB, {rounds[^1]} bytes per room");
            if (round < 2)
            {
                await ForgetAllAsync(harness, directory);
            }
        }

        Assert.InRange(rounds.Order().ElementAt(1), 1, MaxBytesPerEmptyRoom);
        Assert.Equal(Rooms + 1, directory.All.Length);
        Assert.Equal(RoomRefusal.TooMany, directory.Enter(RoomName.Parse("one-too-many")).Refusal);

        var listing = await harness.Get<IRoomList>().ListAsync(Token);
        Assert.Equal((IRoomList.MaxListed, Rooms + 1), (listing.Rooms.Count, listing.Total));

        // However many rooms: 100 entries of a name (at most 32 code points, 4 bytes each) and a count.
        Assert.InRange(WireFormat.Json.Encode(listing).Length, 1, IRoomList.MaxListed * ((4 * RoomName.MaxLength) + 32));
    }

    private static async Task OpenRoomsAsync(RoomHarness harness, RoomDirectory directory)
    {
        for (var i = 0; i < Rooms; i++)
        {
            // A name at the limit, opened by a member with a name at the limit who then leaves:
            // the room keeps its join and leave for resume.
            await VisitAsync(harness, directory, $"{i:D5}{new string('r', RoomName.MaxLength - 5)}");
        }
    }

    private static async Task ForgetAllAsync(RoomHarness harness, RoomDirectory directory)
    {
        foreach (var room in directory.TakeExpired(harness.Time.GetUtcNow() + TimeSpan.FromDays(30)))
        {
            await room.DisposeAsync();
        }
    }

    private static async Task VisitAsync(RoomHarness harness, RoomDirectory directory, string room)
    {
        var entry = directory.Enter(RoomName.Parse(room));
        using var lease = entry.Lease ?? throw new InvalidOperationException(entry.Reason);
        await lease.Room.StartAsync();
        var member = harness.NewMember();
        Assert.NotNull((await lease.Room.Room.JoinAsync(member, new string('m', MemberName.MaxLength), null, Token)).Welcome);
        await lease.Room.Room.LeaveAsync(member);
        member.Dispose();
    }
}
