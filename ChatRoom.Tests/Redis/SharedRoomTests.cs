using System.Net;
using System.Text.Json;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Redis;

/// <summary>Two instances, one room: names, /who, online, history and capacity agree across instances.</summary>
public sealed class SharedRoomTests
{
    [Fact]
    public async Task The_same_name_on_both_instances_at_once_gets_a_suffix_on_one()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var (a, b) = await RedisInstances.StartTwoAsync(redis);
        await using var _ = a;
        await using var __ = b;

        var joins = await Task.WhenAll(a.JoinedAsync("alice", json: true), b.JoinedAsync("alice", json: true));
        await using var onA = joins[0];
        await using var onB = joins[1];

        Assert.Equal(["alice", "alice-2"], new[] { onA.Name, onB.Name }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_look_alike_name_on_the_other_instance_is_the_same_name()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var (a, b) = await RedisInstances.StartTwoAsync(redis);
        await using var _ = a;
        await using var __ = b;

        await using var kate = await a.JoinedAsync("Kate", json: true);
        await using var kelvin = await b.JoinedAsync("\u212Aate", json: true); // Kelvin sign K
        Assert.Equal("\u212Aate-2", kelvin.Name);

        await using var mallory = await b.JoinedAsync("mallory", json: true);
        await mallory.SendAsync("/nick \U0001D40A\U0001D41A\U0001D42D\U0001D41E"); // mathematical bold Kate
        Assert.Equal("name_taken", (await mallory.ReceiveJsonUntilAsync("error")).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Names_who_online_and_history_agree_across_instances()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var (a, b) = await RedisInstances.StartTwoAsync(redis);
        await using var _ = a;
        await using var __ = b;

        await using var alice = await a.JoinedAsync("alice", json: true);
        await using var bob = await b.JoinedAsync("Alice", json: true);
        Assert.Equal("Alice-2", bob.Name);
        var joined = await alice.ReceiveJsonUntilAsync("join");
        Assert.Equal(("Alice-2", 2), (joined.GetProperty("name").GetString(), joined.GetProperty("online").GetInt32()));

        await alice.SendAsync("hello from a");
        var ack = await alice.ReceiveJsonUntilAsync("ack");
        var heard = await bob.ReceiveJsonUntilAsync("message");
        Assert.Equal(ack.GetProperty("id").GetInt64(), heard.GetProperty("id").GetInt64());
        Assert.Equal("hello from a", heard.GetProperty("text").GetString());

        await bob.SendAsync("/nick bob");
        Assert.Equal("bob", (await alice.ReceiveJsonUntilAsync("rename")).GetProperty("to").GetString());
        await bob.SendAsync("/nick alice");
        Assert.Equal("name_taken", (await bob.ReceiveJsonUntilAsync("error")).GetProperty("code").GetString());

        foreach (var member in new[] { alice, bob })
        {
            await member.SendAsync("/who");
            var who = await member.ReceiveJsonUntilAsync("members");
            Assert.Equal(["alice", "bob"], who.GetProperty("members").EnumerateArray().Select(n => n.GetString()!));
        }

        // A third member on either instance: the same room, with the same history.
        await using var carolOnB = await b.JoinAsync("carol", json: true);
        var welcomeB = Welcome(await carolOnB.ReadWelcomeAsync());
        await using var daveOnA = await a.JoinAsync("dave", json: true);
        var welcomeA = Welcome(await daveOnA.ReadWelcomeAsync());
        Assert.Equal(["hello from a"], welcomeB.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("text").GetString()!));
        Assert.Equal(["hello from a"], welcomeA.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("text").GetString()!));
        Assert.Equal(4, welcomeA.GetProperty("online").GetInt32());
        Assert.Equal(welcomeB.GetProperty("epoch").GetString(), welcomeA.GetProperty("epoch").GetString());

        foreach (var server in new[] { a, b })
        {
            using var http = server.CreateHttpClient();
            var room = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/room", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;
            Assert.Equal(4, room.GetProperty("online").GetInt32());
            Assert.Equal(1, room.GetProperty("messages").GetInt64());
        }
    }

    [Fact]
    public async Task Twenty_simultaneous_joins_over_two_instances_for_ten_places_admit_exactly_ten()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var (a, b) = await RedisInstances.StartTwoAsync(redis, extra: new() { ["Chat:MaxMembers"] = "10" });
        await using var _ = a;
        await using var __ = b;

        var attempts = Enumerable.Range(0, 20).Select(async i =>
        {
            var server = i % 2 == 0 ? a : b;
            try
            {
                return (Member: (TestMember?)await server.JoinedAsync($"m{i}"), Refused: (HttpStatusCode?)null);
            }
            catch (System.Net.WebSockets.WebSocketException exception) when (exception.Message.Contains("503", StringComparison.Ordinal))
            {
                return (Member: (TestMember?)null, Refused: HttpStatusCode.ServiceUnavailable);
            }
        });
        var results = await Task.WhenAll(attempts);
        try
        {
            Assert.Equal(10, results.Count(r => r.Member is not null));
            Assert.Equal(10, results.Count(r => r.Refused == HttpStatusCode.ServiceUnavailable));
        }
        finally
        {
            foreach (var (member, _) in results)
            {
                if (member is not null)
                {
                    await member.DisposeAsync();
                }
            }
        }
    }

    private static JsonElement Welcome(IReadOnlyList<string> frames) => JsonDocument.Parse(frames[^1]).RootElement;
}
