using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using ChatRoom.Tests.Infrastructure;
using StackExchange.Redis;

namespace ChatRoom.Tests.Redis;

/// <summary>
/// The room on a real Redis Cluster of three masters: its keys on one slot, so one master serves
/// it and each event is still one script; the other masters can come and go without it noticing.
/// </summary>
public sealed class ClusterTests
{
    // The default room's keys all carry Redis:Room and the room's name in their hash tag; the
    // instances' heartbeats carry Redis:Room alone.
    private const string RoomKey = "{chatroom:general}:epoch";
    internal const string Instances = "{chatroom}:instances";

    // RedisInstances' default Redis:InstanceTimeout for test instances.
    private static readonly TimeSpan InstanceTimeout = TimeSpan.FromSeconds(3);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_cluster_serves_the_room_s_slot_from_one_master()
    {
        await using var cluster = await RedisCluster.StartAsync(cancellationToken: Token);

        var owner = await cluster.MasterOfAsync(RoomKey);
        Assert.Equal("OK", (string?)await owner.ExecuteAsync("SET", RoomKey, "here"));

        var slot = (long)await owner.ExecuteAsync("CLUSTER", "KEYSLOT", "{chatroom:general}:stream");
        Assert.Equal(slot, (long)await owner.ExecuteAsync("CLUSTER", "KEYSLOT", RoomKey));
        foreach (var master in cluster.Masters)
        {
            var keys = (long)await master.ExecuteAsync("CLUSTER", "COUNTKEYSINSLOT", slot);
            Assert.Equal(master == owner ? 1 : 0, keys);
        }

        Assert.Equal(3, cluster.ConnectionString.Split(',').Distinct().Count());
    }

    [Fact]
    public async Task Two_instances_on_the_cluster_share_the_room_in_one_order()
    {
        await using var cluster = await RedisCluster.StartAsync(cancellationToken: Token);
        await using var room = await TwoInstanceRoom.StartOnAsync(cluster.ConnectionString);

        foreach (var member in room.Members)
        {
            var text = $"{member.Member.Name} was here";
            room.Said.Enqueue(new SaidMessage(member, text, await TwoInstanceRoom.SayAsync(member, text)));
        }

        await room.AssertEveryoneGapFreeAsync();
        room.AssertOneAnswerEach();
        foreach (var server in new[] { room.A, room.B })
        {
            Assert.Equal(room.Members.Count, (await TwoInstanceRoom.RoomAsync(server)).GetProperty("online").GetInt32());
        }

        // Every key of the room, and both instances' subscriptions, on the one master serving its slot.
        var owner = await cluster.MasterOfAsync(RoomKey);
        Assert.Equal(1L, (long)await owner.ExecuteAsync("EXISTS", "{chatroom:general}:stream"));
        foreach (var master in cluster.Masters)
        {
            var subscribers = (RedisResult[])(await master.ExecuteAsync("PUBSUB", "SHARDNUMSUB", "{chatroom:general}:entries"))!;
            Assert.Equal(master == owner ? 2 : 0, (long)subscribers[1]);
        }
    }

    [Fact]
    public async Task A_member_resumes_on_the_other_instance()
    {
        await using var cluster = await RedisCluster.StartAsync(cancellationToken: Token);
        var (a, b) = await RedisInstances.StartTwoAsync(cluster.ConnectionString);
        await using var _ = a;
        await using var __ = b;

        var witness = await Transcript.JoinAsync(a, "witness");
        await using var ___ = witness.Member;
        var leaver = await Transcript.JoinAsync(a, "leaver");
        var epoch = (await TwoInstanceRoom.RoomAsync(a)).GetProperty("epoch").GetString();
        var since = leaver.Last;
        await leaver.Member.DisposeAsync();

        var missed = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            missed.Add((await TwoInstanceRoom.SayAsync(witness, $"missed {i}"))!.Value);
        }

        await using var back = await b.JoinAsync("leaver", json: true, query: $"since={since}&epoch={epoch}");
        var resumed = JsonDocument.Parse((await back.ReadWelcomeAsync())[^1]).RootElement;

        Assert.True(resumed.GetProperty("resumed").GetBoolean());
        var replayed = resumed.GetProperty("history").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "message").Select(e => e.GetProperty("id").GetInt64());
        Assert.Equal(missed, replayed);
    }

    [Fact]
    public async Task A_killed_instance_s_members_leave_once_each()
    {
        await using var cluster = await RedisCluster.StartAsync(cancellationToken: Token);
        await using var survivor = ChatServer.OnKestrel(RedisInstances.Settings(cluster.ConnectionString));
        await using var doomed = await ServerProcess.StartAsync(RedisInstances.Arguments(cluster.ConnectionString));
        var watchers = new[] { await Transcript.JoinAsync(survivor, "w0"), await Transcript.JoinAsync(survivor, "w1") };
        var victims = new List<TestMember>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var victim = await TestMember.ConnectAsync(new Uri($"ws://{doomed.BaseAddress.Authority}/ws?name=v{i}"), json: true);
                victims.Add(victim);
                await victim.ReadWelcomeAsync();
            }

            await doomed.KillAsync();
            foreach (var watcher in watchers)
            {
                var left = 0;
                await watcher.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "leave" && ++left == victims.Count);
            }

            // A later message: nothing more was announced for them meanwhile.
            var last = (await TwoInstanceRoom.SayAsync(watchers[0], "after"))!.Value;
            foreach (var watcher in watchers)
            {
                await watcher.ReadThroughAsync(last);
                watcher.AssertGapFree();
                var leaves = watcher.Events.Where(e => RedisInstances.TypeOf(e) == "leave").Select(e => e.GetProperty("name").GetString()!);
                Assert.Equal(["v0", "v1", "v2"], leaves.Order(StringComparer.Ordinal));
            }

            Assert.Equal(watchers.Length, (await TwoInstanceRoom.RoomAsync(survivor)).GetProperty("online").GetInt32());
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
    public async Task A_frozen_instance_declared_dead_closes_its_members_with_1012_on_waking_and_they_resume_there()
    {
        await using var cluster = await RedisCluster.StartAsync(cancellationToken: Token);
        await using var survivor = ChatServer.OnKestrel(RedisInstances.Settings(cluster.ConnectionString));
        await using var frozen = await ServerProcess.StartAsync(RedisInstances.Arguments(cluster.ConnectionString));
        var watcher = await Transcript.JoinAsync(survivor, "watcher");
        await using var _ = watcher.Member;
        var socket = new Uri($"ws://{frozen.BaseAddress.Authority}/ws?name=victim");
        await using var victim = await JoinRetryingAsync(socket);
        var welcome = JsonDocument.Parse((await victim.ReadWelcomeAsync())[^1]).RootElement;
        var (epoch, since) = (welcome.GetProperty("epoch").GetString(), welcome.GetProperty("last").GetInt64());

        await frozen.FreezeAsync();
        try
        {
            await watcher.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "leave");
        }
        finally
        {
            await frozen.ThawAsync();
        }

        while (await victim.ReceiveJsonOrCloseAsync() is not null)
        {
        }

        Assert.Equal((WebSocketCloseStatus)1012, victim.Socket.CloseStatus);

        // Back on the instance that woke (once it has loaded the room again): what it missed, its own
        // leave included, and no gap.
        await using var back = await JoinRetryingAsync(new Uri($"{socket}&since={since}&epoch={epoch}"));
        var resumed = JsonDocument.Parse((await back.ReadWelcomeAsync())[^1]).RootElement;
        Assert.True(resumed.GetProperty("resumed").GetBoolean());
        Assert.Contains(resumed.GetProperty("history").EnumerateArray(), e => RedisInstances.TypeOf(e) == "leave");
        await TwoInstanceRoom.SayAsync(watcher, "after");
        await watcher.ReadThroughAsync(watcher.NewestId);
        watcher.AssertGapFree();
    }

    [Fact]
    public async Task The_default_room_s_master_down_refuses_with_unavailable_and_503_but_leaves_the_instances_ready_then_chat_goes_on_without_a_gap()
    {
        await using var cluster = await RedisCluster.StartAsync(appendOnly: true, Token);
        await using var room = await TwoInstanceRoom.StartOnAsync(cluster.ConnectionString);
        var epoch = (await TwoInstanceRoom.RoomAsync(room.A)).GetProperty("epoch").GetString();
        var owner = await cluster.MasterOfAsync(RoomKey);
        var beats = await cluster.MasterOfAsync(Instances);
        Assert.NotEqual(beats, owner);
        var stopped = RedisServer.ParseTime(await beats.ExecuteAsync("TIME"));
        await owner.KillAsync(Token);

        Assert.Null(await TwoInstanceRoom.SayAsync(room.Members[0], "into the void"));

        // Only the default room is out: both instances stay ready (a load balancer keeps them for the
        // rooms on the other masters), even once each has beaten for a whole instance timeout since.
        await BothBeatenSinceAsync(beats, stopped + InstanceTimeout);
        foreach (var instance in new[] { room.A, room.B })
        {
            using var client = instance.CreateHttpClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/readyz", UriKind.Relative), Token)).StatusCode);
        }

        using var http = room.A.CreateHttpClient();
        var upgrade = await RawSocket.ConnectAsync(room.A.BaseAddress);
        await using (upgrade)
        {
            var head = await upgrade.UpgradeAsync("/ws?name=late");
            Assert.Equal(503, head.Status);
            Assert.True(head.Headers.ContainsKey("Retry-After"));
        }

        await owner.RestartAsync(keepData: true, Token);
        await cluster.WaitUntilOkAsync(Token);

        await room.AssertEveryoneGapFreeAsync();
        Assert.Equal(epoch, (await TwoInstanceRoom.RoomAsync(room.B)).GetProperty("epoch").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative), Token)).StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_master_without_the_room_stopped_past_the_instance_timeout_leaves_the_room_untouched(bool frozen)
    {
        await using var cluster = await RedisCluster.StartAsync(cancellationToken: Token);
        await using var room = await TwoInstanceRoom.StartOnAsync(cluster.ConnectionString);
        var owner = await cluster.MasterOfAsync(RoomKey);
        var beats = await cluster.MasterOfAsync(Instances);
        var bystander = cluster.Masters.First(master => master != owner && master != beats);
        var stopped = RedisServer.ParseTime(await beats.ExecuteAsync("TIME"));

        await (frozen ? bystander.FreezeAsync() : bystander.KillAsync(Token));
        try
        {
            // Chat on until both instances have beaten a whole instance timeout after the stop: had a
            // beat depended on the stopped master, one of them would have been declared dead.
            var (acked, unavailable) = await room.ChatUntilAsync(BothBeatenSinceAsync(beats, stopped + InstanceTimeout));
            Assert.True(acked > 0);
            Assert.Equal(0, unavailable);
        }
        finally
        {
            await (frozen ? bystander.ThawAsync() : bystander.RestartAsync(keepData: true, Token));
        }

        Assert.Equal(room.Members.Count, (await TwoInstanceRoom.RoomAsync(room.A)).GetProperty("online").GetInt32());
        await room.AssertEveryoneGapFreeAsync();
        foreach (var member in room.Members)
        {
            Assert.DoesNotContain(member.Events, e => RedisInstances.TypeOf(e) == "leave");
        }
    }

    /// <summary>Joins as a JSON member, again while the instance refuses (503 while it loads the room again), as a client would.</summary>
    private static async Task<TestMember> JoinRetryingAsync(Uri socket)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Token);
        guard.CancelAfter(RawSocket.HangGuard);
        while (true)
        {
            try
            {
                return await TestMember.ConnectAsync(socket, json: true);
            }
            catch (WebSocketException) when (!guard.IsCancellationRequested)
            {
                await Task.Delay(100, guard.Token);
            }
        }
    }

    /// <summary>Polls the deployment's instances (instance → last beat, Redis's clock) until both beat after <paramref name="after"/>.</summary>
    internal static async Task BothBeatenSinceAsync(RedisServer beats, DateTimeOffset after)
    {
        var threshold = "(" + after.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        while (true)
        {
            var registered = (long)await beats.ExecuteAsync("ZCARD", Instances);
            Assert.True(registered == 2, $"{registered} instances registered: one was declared dead");
            if ((long)await beats.ExecuteAsync("ZCOUNT", Instances, threshold, "+inf") == 2)
            {
                return;
            }

            await Task.Delay(200, Token);
        }
    }
}
