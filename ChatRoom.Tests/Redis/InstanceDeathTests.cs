using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Redis;

/// <summary>
/// An instance that stops beating (killed, or frozen) is dead: one survivor announces its members'
/// leaves and frees their names and places; a frozen one that wakes closes its members with 1012.
/// </summary>
public sealed class InstanceDeathTests
{
    private static readonly TimeSpan InstanceTimeout = TimeSpan.FromSeconds(3);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_killed_instance_s_members_are_announced_as_left_by_the_survivor_in_time()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await using var survivor = ChatServer.OnKestrel(RedisInstances.Settings(redis));
        await using var doomed = await ServerProcess.StartAsync(RedisInstances.Arguments(redis));
        var (watchers, victims) = await PopulateAsync(survivor, doomed);
        try
        {
            var clock = Stopwatch.StartNew();
            await doomed.KillAsync();

            var leaves = new List<string>();
            foreach (var watcher in watchers)
            {
                var left = watcher.Events.Count(e => RedisInstances.TypeOf(e) == "leave");
                await watcher.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "leave" && ++left == victims.Length);
            }

            var elapsed = clock.Elapsed;
            // InstanceTimeout plus one heartbeat (a third of it), plus a second for a loaded machine.
            Assert.True(elapsed < InstanceTimeout * 4 / 3 + TimeSpan.FromSeconds(1), $"leaves announced after {elapsed}");
            Assert.Equal(["v0", "v1", "v2"], watchers[0].Events.Where(e => RedisInstances.TypeOf(e) == "leave").Select(e => e.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));

            // Names and places are free again.
            await using var again = await survivor.JoinedAsync("v0", json: true);
            Assert.Equal("v0", again.Name);
            await watchers[0].ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "join");
            foreach (var watcher in watchers)
            {
                watcher.AssertGapFree();
            }

            var room = await TwoInstanceRoom.RoomAsync(survivor);
            Assert.Equal(watchers.Length + 1, room.GetProperty("online").GetInt32());
        }
        finally
        {
            await DisposeAsync(watchers, victims);
        }
    }

    [Fact]
    public async Task A_frozen_instance_declared_dead_closes_its_members_with_1012_when_it_wakes()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await using var survivor = ChatServer.OnKestrel(RedisInstances.Settings(redis));
        await using var frozen = await ServerProcess.StartAsync(RedisInstances.Arguments(redis));
        var (watchers, victims) = await PopulateAsync(survivor, frozen);
        try
        {
            await SignalAsync("STOP", frozen.Id);
            try
            {
                foreach (var watcher in watchers)
                {
                    var left = 0;
                    await watcher.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "leave" && ++left == victims.Length);
                }
            }
            finally
            {
                await SignalAsync("CONT", frozen.Id);
            }

            foreach (var victim in victims)
            {
                while (await victim.ReceiveJsonOrCloseAsync() is not null)
                {
                }

                Assert.Equal((WebSocketCloseStatus)1012, victim.Socket.CloseStatus);
            }

            // Their leaves were announced once, by the survivor; the woken instance adds none.
            await TwoInstanceRoom.SayAsync(watchers[0], "after");
            var newest = watchers[0].NewestId;
            foreach (var watcher in watchers)
            {
                await watcher.ReadThroughAsync(newest);
                watcher.AssertGapFree();
                Assert.Equal(victims.Length, watcher.Events.Count(e => RedisInstances.TypeOf(e) == "leave"));
            }
        }
        finally
        {
            await DisposeAsync(watchers, victims);
        }
    }

    [Fact]
    public async Task On_SIGTERM_an_instance_tells_only_its_own_members_and_the_others_see_their_leaves()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: Token);
        await using var staying = ChatServer.OnKestrel(RedisInstances.Settings(redis));
        await using var stopping = await ServerProcess.StartAsync(RedisInstances.Arguments(redis));
        var (watchers, victims) = await PopulateAsync(staying, stopping);
        try
        {
            await stopping.TerminateAsync();

            foreach (var victim in victims)
            {
                var notice = await victim.ReceiveJsonUntilAsync("notice");
                Assert.Equal("server is shutting down", notice.GetProperty("text").GetString());
                Assert.False(notice.TryGetProperty("id", out _));
                while (await victim.ReceiveJsonOrCloseAsync() is not null)
                {
                }

                Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, victim.Socket.CloseStatus);
            }

            foreach (var watcher in watchers)
            {
                var left = 0;
                await watcher.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "leave" && ++left == victims.Length);
                Assert.DoesNotContain(watcher.Events, e => RedisInstances.TypeOf(e) == "notice");
                watcher.AssertGapFree();
            }

            await stopping.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(watchers.Length, (await TwoInstanceRoom.RoomAsync(staying)).GetProperty("online").GetInt32());
        }
        finally
        {
            await DisposeAsync(watchers, victims);
        }
    }

    /// <summary>Three watchers on the survivor, three victims on the other instance, each victim having spoken.</summary>
    private static async Task<(Transcript[] Watchers, TestMember[] Victims)> PopulateAsync(ChatServer survivor, ServerProcess other)
    {
        var watchers = new Transcript[3];
        for (var i = 0; i < watchers.Length; i++)
        {
            watchers[i] = await Transcript.JoinAsync(survivor, $"w{i}");
        }

        var victims = new TestMember[3];
        for (var i = 0; i < victims.Length; i++)
        {
            victims[i] = await TestMember.ConnectAsync(new Uri($"ws://{other.BaseAddress.Authority}/ws?name=v{i}"), json: true);
            await victims[i].ReadWelcomeAsync();
            await victims[i].SendAsync($"v{i} here");
            await victims[i].ReceiveJsonUntilAsync("ack");
        }

        foreach (var watcher in watchers)
        {
            var said = 0;
            await watcher.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "message" && ++said == victims.Length);
        }

        return (watchers, victims);
    }

    private static async Task SignalAsync(string signal, int processId)
    {
        using var kill = Process.Start("kill", [$"-{signal}", processId.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(Token);
        Assert.Equal(0, kill.ExitCode);
    }

    private static async Task DisposeAsync(Transcript[] watchers, TestMember[] victims)
    {
        foreach (var watcher in watchers)
        {
            await watcher.Member.DisposeAsync();
        }

        foreach (var victim in victims)
        {
            await victim.DisposeAsync();
        }
    }
}
