using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Redis;

/// <summary>
/// Many rooms on a real Redis Cluster of three masters: each room's keys carry the room in their
/// hash tag, so rooms sit on different masters; each room keeps one order across instances, a
/// dead instance's members leave every room they were in once each, and a master down stops only
/// the rooms it serves.
/// </summary>
public sealed class ClusterRoomsTests
{
    private static readonly TimeSpan InstanceTimeout = TimeSpan.FromSeconds(3);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rooms_on_different_masters_each_keep_one_order_across_instances_and_resume_on_the_other()
    {
        await using var cluster = await RedisCluster.StartAsync(cancellationToken: Token);
        var red = await RoomOnAsync(cluster, _ => true);
        var blue = await RoomOnAsync(cluster, master => master != red.Master);
        var (a, b) = await RedisInstances.StartTwoAsync(cluster.ConnectionString);
        await using var _ = a;
        await using var __ = b;
        var rooms = new Dictionary<string, Transcript[]>
        {
            [red.Name] = [await JoinAsync(a, "ra", red.Name), await JoinAsync(b, "rb", red.Name)],
            [blue.Name] = [await JoinAsync(a, "ba", blue.Name), await JoinAsync(b, "bb", blue.Name)],
        };
        try
        {
            foreach (var (room, members) in rooms)
            {
                for (var i = 0; i < 3; i++)
                {
                    foreach (var member in members)
                    {
                        Assert.NotNull(await TwoInstanceRoom.SayAsync(member, $"{room} {member.Member.Name} {i}"));
                    }
                }
            }

            foreach (var (room, members) in rooms)
            {
                var newest = members.Max(member => member.NewestId);
                await Task.WhenAll(members.Select(member => member.ReadThroughAsync(newest)));
                foreach (var member in members)
                {
                    member.AssertGapFree();
                    Assert.All(member.Events.Where(e => RedisInstances.TypeOf(e) == "message"),
                        e => Assert.StartsWith(room + " ", e.GetProperty("text").GetString(), StringComparison.Ordinal));
                }

                // One order: an id is the same message for every member, on either instance.
                var texts = new Dictionary<long, string?>();
                foreach (var message in members.SelectMany(member => member.Events)
                    .Where(e => RedisInstances.TypeOf(e) == "message"))
                {
                    var (id, text) = (RedisInstances.IdOf(message)!.Value, message.GetProperty("text").GetString());
                    Assert.Equal(texts.TryAdd(id, text) ? text : texts[id], text);
                }
            }

            // A member of blue leaves instance A and resumes on B: exactly what it missed.
            var leaver = rooms[blue.Name][0];
            var since = leaver.NewestId;
            var epoch = (await RoomAsync(a, blue.Name)).GetProperty("epoch").GetString();
            await leaver.Member.DisposeAsync();
            var missed = new List<long>();
            for (var i = 0; i < 3; i++)
            {
                missed.Add((await TwoInstanceRoom.SayAsync(rooms[blue.Name][1], $"{blue.Name} missed {i}"))!.Value);
            }

            await using var back = await b.JoinAsync("ba", json: true, query: $"room={blue.Name}&since={since}&epoch={epoch}");
            var welcome = JsonDocument.Parse((await back.ReadWelcomeAsync())[^1]).RootElement;
            Assert.True(welcome.GetProperty("resumed").GetBoolean());
            Assert.Equal(blue.Name, welcome.GetProperty("room").GetString());
            Assert.Equal(missed, welcome.GetProperty("history").EnumerateArray()
                .Where(e => RedisInstances.TypeOf(e) == "message").Select(e => e.GetProperty("id").GetInt64()));
        }
        finally
        {
            foreach (var member in rooms.Values.SelectMany(members => members))
            {
                await member.Member.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_killed_instance_s_members_leave_every_room_they_were_in_once_each()
    {
        await using var cluster = await RedisCluster.StartAsync(cancellationToken: Token);
        var red = await RoomOnAsync(cluster, _ => true);
        var blue = await RoomOnAsync(cluster, master => master != red.Master);
        await using var survivor = ChatServer.OnKestrel(RedisInstances.Settings(cluster.ConnectionString));
        await using var doomed = await ServerProcess.StartAsync(RedisInstances.Arguments(cluster.ConnectionString));
        var watchers = new[] { await JoinAsync(survivor, "watcher", red.Name), await JoinAsync(survivor, "watcher", blue.Name) };
        var victims = new List<TestMember>();
        try
        {
            foreach (var room in new[] { red.Name, blue.Name })
            {
                for (var i = 0; i < 2; i++)
                {
                    var victim = await TestMember.ConnectAsync(
                        new Uri($"ws://{doomed.BaseAddress.Authority}/ws?name=v{i}&room={room}"), json: true);
                    victims.Add(victim);
                    await victim.ReadWelcomeAsync();
                }
            }

            await doomed.KillAsync();

            foreach (var (watcher, room) in watchers.Zip([red.Name, blue.Name]))
            {
                var left = 0;
                await watcher.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "leave" && ++left == 2);
                var last = (await TwoInstanceRoom.SayAsync(watcher, "after"))!.Value;
                await watcher.ReadThroughAsync(last);
                watcher.AssertGapFree();
                Assert.Equal(["v0", "v1"], watcher.Events.Where(e => RedisInstances.TypeOf(e) == "leave")
                    .Select(e => e.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
                Assert.Equal(1, (await RoomAsync(survivor, room)).GetProperty("online").GetInt32());
            }
        }
        finally
        {
            foreach (var member in victims.Concat(watchers.Select(watcher => watcher.Member)))
            {
                await member.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_master_down_stops_only_its_rooms_and_nobody_is_declared_dead()
    {
        await using var cluster = await RedisCluster.StartAsync(cancellationToken: Token);
        var beats = await cluster.MasterOfAsync(ClusterTests.Instances);
        var blue = await RoomOnAsync(cluster, master => master != beats);
        var red = await RoomOnAsync(cluster, master => master != blue.Master);
        var (a, b) = await RedisInstances.StartTwoAsync(cluster.ConnectionString);
        await using var _ = a;
        await using var __ = b;
        var reds = new[] { await JoinAsync(a, "ra", red.Name), await JoinAsync(b, "rb", red.Name) };
        var blues = new[] { await JoinAsync(a, "ba", blue.Name), await JoinAsync(b, "bb", blue.Name) };
        try
        {
            var stopped = RedisServer.ParseTime(await beats.ExecuteAsync("TIME"));
            await blue.Master.KillAsync(Token);

            // Blue is unavailable: no message, no new member.
            Assert.Null(await TwoInstanceRoom.SayAsync(blues[0], "into the void"));
            var refused = await Assert.ThrowsAsync<WebSocketException>(() => a.JoinAsync("late", json: true, query: $"room={blue.Name}"));
            Assert.Contains("503", refused.Message, StringComparison.Ordinal);

            // Red goes on, chat, joins and leaves, past a whole instance timeout of beats, and
            // nobody is declared dead meanwhile.
            var beaten = ClusterTests.BothBeatenSinceAsync(beats, stopped + InstanceTimeout);
            var said = 0;
            while (!beaten.IsCompleted)
            {
                foreach (var member in reds)
                {
                    Assert.NotNull(await TwoInstanceRoom.SayAsync(member, $"red {said++}"));
                }
            }

            await beaten;
            await using (var guest = await b.JoinAsync("guest", json: true, query: $"room={red.Name}"))
            {
                await guest.ReadWelcomeAsync();
                await reds[0].ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "join");
            }

            await reds[0].ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "leave");
            var last = (await TwoInstanceRoom.SayAsync(reds[1], "red is fine"))!.Value;
            foreach (var member in reds)
            {
                await member.ReadThroughAsync(last);
                member.AssertGapFree();
                Assert.Equal(["guest"], member.Events.Where(e => RedisInstances.TypeOf(e) == "leave")
                    .Select(e => e.GetProperty("name").GetString()!));
            }

            Assert.Equal(HttpStatusCode.OK, (await GetAsync(a, $"/api/rooms/{red.Name}")).StatusCode);
        }
        finally
        {
            foreach (var member in reds.Concat(blues))
            {
                await member.Member.DisposeAsync();
            }
        }
    }

    /// <summary>The first room name (<c>room0</c>, <c>room1</c>, …) whose keys sit on a master <paramref name="wanted"/> accepts.</summary>
    private static async Task<(string Name, RedisServer Master)> RoomOnAsync(RedisCluster cluster, Func<RedisServer, bool> wanted)
    {
        for (var i = 0; ; i++)
        {
            var name = $"room{i}";
            var master = await cluster.MasterOfAsync($"{{chatroom:{name}}}:epoch");
            if (wanted(master))
            {
                return (name, master);
            }
        }
    }

    private static Task<Transcript> JoinAsync(ChatServer server, string name, string room) =>
        Transcript.JoinAsync(server, name, query: $"room={room}");

    private static async Task<JsonElement> RoomAsync(ChatServer server, string room)
    {
        using var response = await GetAsync(server, $"/api/rooms/{room}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement;
    }

    private static async Task<HttpResponseMessage> GetAsync(ChatServer server, string path)
    {
        using var http = server.CreateHttpClient();
        return await http.GetAsync(new Uri(path, UriKind.Relative), Token);
    }
}
