using System.Text.Json;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Redis;

/// <summary>Past <c>Chat:AnnounceJoinsUpTo</c> the script gives joins and leaves no id, across instances as in one process.</summary>
public sealed class LargeRoomTests
{
    [Fact]
    public async Task Joins_past_the_announce_limit_get_no_id_on_either_instance_and_counts_stay_exact()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var (a, b) = await RedisInstances.StartTwoAsync(redis, extra: new() { ["Chat:AnnounceJoinsUpTo"] = "2", ["Chat:PresenceInterval"] = "00:00:00.050" });
        await using var _ = a;
        await using var __ = b;
        var first = await Transcript.JoinAsync(a, "first");
        await using var firstMember = first.Member;
        await using var second = await b.JoinedAsync("second", json: true);
        await first.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "join");

        // The third is not announced: the first hears a presence frame instead, and no id is used.
        await using var third = await b.JoinAsync("third", json: true);
        var welcome = JsonDocument.Parse((await third.ReadWelcomeAsync())[^1]).RootElement;
        Assert.Equal(3, welcome.GetProperty("online").GetInt32());
        var presence = await first.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "presence");
        Assert.Equal(3, presence.GetProperty("online").GetInt32());

        await second.SendAsync("still counting");
        var message = await first.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "message");
        Assert.Equal(welcome.GetProperty("last").GetInt64() + 1, message.GetProperty("id").GetInt64());
        first.AssertGapFree();
        Assert.Equal(3, (await TwoInstanceRoom.RoomAsync(a)).GetProperty("online").GetInt32());
    }
}
