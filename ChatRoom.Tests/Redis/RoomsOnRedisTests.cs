using System.Net.WebSockets;
using System.Text.Json;
using ChatRoom.Tests.Infrastructure;
using StackExchange.Redis;

namespace ChatRoom.Tests.Redis;

/// <summary>
/// The room limits of a deployment sharing one Redis: Chat:MaxRooms counts every instance's rooms,
/// the list of rooms shows rooms open on another instance, and an empty room is forgotten after
/// Chat:EmptyRoomTtl, in Redis too: its next member starts a new epoch.
/// </summary>
public sealed class RoomsOnRedisTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Max_rooms_counts_every_instance_s_rooms_and_each_lists_the_other_s()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        var (a, b) = await RedisInstances.StartTwoAsync(redis, extra: new() { ["Chat:MaxRooms"] = "2" });
        await using var _ = a;
        await using var __ = b;

        // The default room and games make two: music is one too many, on the other instance too.
        await using var gamer = await a.JoinAsync("gamer", json: true, query: "room=games");
        await gamer.ReadWelcomeAsync();
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => b.JoinAsync("fan", json: true, query: "room=music"));
        Assert.Contains("503", refused.Message, StringComparison.Ordinal);

        // B lists games, opened on A, with its member, once A's heartbeat has reported it.
        using var http = b.CreateHttpClient();
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Token);
        guard.CancelAfter(RawSocket.HangGuard);
        while (true)
        {
            var list = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/rooms", UriKind.Relative), guard.Token)).RootElement;
            var rooms = list.GetProperty("rooms").EnumerateArray()
                .ToDictionary(room => room.GetProperty("name").GetString()!, room => room.GetProperty("online").GetInt32());
            if (rooms.GetValueOrDefault("games") == 1)
            {
                Assert.Equal(2, list.GetProperty("total").GetInt32());
                Assert.Equal(["games", "general"], rooms.Keys.Order(StringComparer.Ordinal));
                break;
            }

            await Task.Delay(100, guard.Token);
        }
    }

    [Fact]
    public async Task A_room_refused_for_max_rooms_across_the_deployment_is_forgotten_here_at_once()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        var (a, b) = await RedisInstances.StartTwoAsync(redis, extra: new() { ["Chat:MaxRooms"] = "3" });
        await using var _ = a;
        await using var __ = b;

        // The default room and games on A, music on B make three: every other room is refused on B
        // by Redis (B itself holds only two), and B keeps nothing of it: no room, no reader.
        await using var gamer = await a.JoinAsync("gamer", json: true, query: "room=games");
        await gamer.ReadWelcomeAsync();
        await using var fan = await b.JoinAsync("fan", json: true, query: "room=music");
        await fan.ReadWelcomeAsync();
        using var http = b.CreateHttpClient();
        // Both instances run in this process, so the gauge counts the rooms of both: four.
        var open = PrometheusText.Value(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), Token), "chatroom_rooms");
        for (var i = 0; i < 5; i++)
        {
            var refused = await Assert.ThrowsAsync<WebSocketException>(() => b.JoinAsync("late", json: true, query: $"room=late-{i}"));
            Assert.Contains("503", refused.Message, StringComparison.Ordinal);
            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), Token);
            Assert.Equal(open, PrometheusText.Value(metrics, "chatroom_rooms"));
        }
    }

    [Fact]
    public async Task An_empty_room_is_forgotten_after_its_ttl_in_Redis_too_and_its_next_member_starts_a_new_epoch()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        // A long instance timeout: the list's own clean-up (two timeouts unreported) cannot be what
        // takes the forgotten room off it.
        await using var server = ChatServer.OnKestrel(RedisInstances.Settings(redis, instanceTimeout: "00:01:00",
            extra: new() { ["Chat:EmptyRoomTtl"] = "00:00:01" }));
        using var http = server.CreateHttpClient();
        string? epoch;
        await using (var first = await server.JoinAsync("first", json: true, query: "room=games"))
        {
            epoch = JsonDocument.Parse((await first.ReadWelcomeAsync())[^1]).RootElement.GetProperty("epoch").GetString();
            await first.SendAsync("remember me");
            await first.ReceiveJsonUntilAsync("ack");
        }

        // Every key of the room expires once it has been empty for the TTL.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Token);
        guard.CancelAfter(RawSocket.HangGuard);
        while ((long)await redis.ExecuteAsync("EXISTS", "{chatroom:games}:epoch", "{chatroom:games}:stream", "{chatroom:games}:history") > 0)
        {
            await Task.Delay(100, guard.Token);
        }

        while (JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/rooms", UriKind.Relative), guard.Token))
            .RootElement.GetProperty("rooms").EnumerateArray().Any(room => room.GetProperty("name").GetString() == "games"))
        {
            await Task.Delay(100, guard.Token);
        }

        var welcome = await JoinRetryingAsync(server, guard.Token);
        Assert.NotEqual(epoch, welcome.GetProperty("epoch").GetString());
        Assert.Empty(welcome.GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task Rooms_forgotten_here_leave_the_instance_s_list_of_rooms_in_Redis()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await using var server = ChatServer.OnKestrel(RedisInstances.Settings(redis, instanceTimeout: "00:01:00",
            extra: new() { ["Chat:EmptyRoomTtl"] = "00:00:01" }));
        for (var i = 0; i < 5; i++)
        {
            await using var visitor = await server.JoinAsync("visitor", json: true, query: $"room=passing-{i}");
            await visitor.ReadWelcomeAsync();
        }

        // Each forgotten after its TTL, each leaves the list where a survivor would reap this
        // instance: only the default room, held for good, is left.
        var id = (string)((RedisResult[])(await redis.ExecuteAsync("ZRANGE", "{chatroom}:instances", 0, -1))!)[0]!;
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Token);
        guard.CancelAfter(RawSocket.HangGuard);
        while ((long)await redis.ExecuteAsync("ZCARD", "{chatroom}:rooms-of:" + id) > 1)
        {
            await Task.Delay(100, guard.Token);
        }

        Assert.Equal(["general"], ((RedisResult[])(await redis.ExecuteAsync("ZRANGE", "{chatroom}:rooms-of:" + id, 0, -1))!)
            .Select(room => (string)room!));
    }

    /// <summary>The welcome of a member joining games, asked again while the instance reloads the room (503).</summary>
    private static async Task<JsonElement> JoinRetryingAsync(ChatServer server, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await using var second = await server.JoinAsync("second", json: true, query: "room=games");
                return JsonDocument.Parse((await second.ReadWelcomeAsync())[^1]).RootElement.Clone();
            }
            catch (WebSocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
