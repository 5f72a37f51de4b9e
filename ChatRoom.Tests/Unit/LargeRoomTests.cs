using ChatRoom.Diagnostics;
using ChatRoom.Members;
using ChatRoom.Rooms;
using ChatRoom.Wire;

namespace ChatRoom.Tests.Unit;

/// <summary>Rooms past <c>Chat:AnnounceJoinsUpTo</c>: joins are not broadcast; presence frames say the count.</summary>
public sealed class LargeRoomTests : IAsyncLifetime
{
    private RoomHarness _harness = null!;

    public async ValueTask InitializeAsync() =>
        _harness = await RoomHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Chat:AnnounceJoinsUpTo"] = "5",
            ["Chat:PresenceInterval"] = "00:00:02",
            ["Chat:SendQueueLimit"] = "100",
        });

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Joins_up_to_the_limit_are_announced_and_the_next_is_not()
    {
        var first = await _harness.JoinedAsync("m1", WireFormat.Json);
        for (var i = 2; i <= 6; i++)
        {
            await _harness.JoinedAsync($"m{i}", WireFormat.Json);
        }

        var frames = await _harness.DrainAsync(first);
        Assert.Equal(4, frames.Count);
        Assert.All(frames, f => Assert.Contains("\"type\":\"join\"", f, StringComparison.Ordinal));
        Assert.Contains("\"name\":\"m5\",\"online\":5", frames[^1], StringComparison.Ordinal);

        var roster = _harness.Room.Roster;
        Assert.Equal(6, roster.Online);
        Assert.Equal(["m1", "m2", "m3", "m4", "m5", "m6"], roster.Listed);
    }

    [Fact]
    public async Task Presence_comes_at_most_once_per_interval_and_only_when_the_count_changed()
    {
        var members = new List<Member>();
        for (var i = 1; i <= 6; i++)
        {
            members.Add(await _harness.JoinedAsync($"m{i}"));
        }

        var first = members[0];
        await _harness.DrainAsync(first);
        var socket = new RecordingFrameWriter();
        first.StartSending(socket, _harness.Get<ChatMetrics>());
        await _harness.JoinedAsync("m7");
        await _harness.JoinedAsync("m8");

        await _harness.SettledAsync();
        Assert.Empty(socket.Take());
        _harness.Time.Advance(TimeSpan.FromSeconds(2));

        // The presence tick runs on the timer's thread: wait for its frame.
        Assert.Equal(["*** 8 online"], await socket.NextAsync());

        // No change: nothing at the next tick. A leave in the large room: one frame at the tick after.
        _harness.Time.Advance(TimeSpan.FromSeconds(2));
        await _harness.Room.LeaveAsync(members[5]);
        await _harness.SettledAsync();
        Assert.Empty(socket.Take());
        _harness.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["*** 7 online"], await socket.NextAsync());
    }
}
