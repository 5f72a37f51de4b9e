using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Redis;

/// <summary>
/// Redis misbehaving under a conversation across two instances: each fault ends with every member's
/// transcript gap-free and duplicate-free, and every message answered once (ack or unavailable).
/// </summary>
public sealed class RedisFaultTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Redis_asleep_for_two_seconds_costs_no_event()
    {
        await using var room = await TwoInstanceRoom.StartAsync();

        var (acked, unavailable) = await room.ChatUntilAsync(room.Redis.DebugSleepAsync(2, Token));

        Assert.True(acked > 0, "nothing was said during the sleep");
        Assert.Equal(0, unavailable);
        await room.AssertEveryoneGapFreeAsync();
    }

    [Fact]
    public async Task Clients_paused_for_two_seconds_costs_no_event()
    {
        await using var room = await TwoInstanceRoom.StartAsync();
        await room.Redis.PauseAsync(2000, Token);

        // Redis answers the fixture's PING only when the pause ends.
        var (acked, unavailable) = await room.ChatUntilAsync(room.Redis.ExecuteAsync("PING"));

        Assert.True(acked > 0);
        Assert.Equal(0, unavailable);
        await room.AssertEveryoneGapFreeAsync();
    }

    [Fact]
    public async Task Killed_subscriptions_are_gaps_filled_from_the_stream_without_1012()
    {
        await using var room = await TwoInstanceRoom.StartAsync();
        var killed = 0L;
        for (var round = 0; round < 5; round++)
        {
            killed += await room.Redis.KillPubSubClientsAsync(Token);
            // Said right after the kill, while the subscriptions are down: only the stream has these.
            foreach (var member in room.Members)
            {
                Assert.NotNull(await TwoInstanceRoom.SayAsync(member, $"round {round}"));
            }
        }

        Assert.True(killed >= 2, $"killed {killed} subscriptions");
        await room.AssertEveryoneGapFreeAsync();
        Assert.All(room.Members, member => Assert.Equal(WebSocketState.Open, member.Member.Socket.State));
    }

    [Fact]
    public async Task Redis_restarted_with_its_data_is_the_same_room_with_no_gap()
    {
        await using var room = await TwoInstanceRoom.StartAsync();
        var before = await TwoInstanceRoom.RoomAsync(room.A);
        foreach (var member in room.Members)
        {
            await TwoInstanceRoom.SayAsync(member, "before");
        }

        await room.Redis.RestartAsync(keepData: true, Token);

        await room.AssertEveryoneGapFreeAsync();
        var after = await TwoInstanceRoom.RoomAsync(room.B);
        Assert.Equal(before.GetProperty("epoch").GetString(), after.GetProperty("epoch").GetString());
        Assert.Equal(room.Members.Count, after.GetProperty("online").GetInt32());
    }

    [Fact]
    public async Task Redis_restarted_without_its_data_is_a_new_epoch_members_get_1012_and_resume_false()
    {
        await using var room = await TwoInstanceRoom.StartAsync();
        var epoch = (await TwoInstanceRoom.RoomAsync(room.A)).GetProperty("epoch").GetString();
        foreach (var member in room.Members)
        {
            await TwoInstanceRoom.SayAsync(member, "before");
        }

        await room.Redis.RestartAsync(keepData: false, Token);

        foreach (var member in room.Members)
        {
            while (await member.Member.ReceiveJsonOrCloseAsync() is not null)
            {
            }

            Assert.Equal((WebSocketCloseStatus)1012, member.Member.Socket.CloseStatus);
        }

        var since = room.Members[0].NewestId;
        await using var back = await ReconnectAsync(room.B, "m0", $"since={since}&epoch={epoch}");
        var welcome = JsonDocument.Parse((await back.ReadWelcomeAsync())[^1]).RootElement;
        Assert.False(welcome.GetProperty("resumed").GetBoolean());
        Assert.NotEqual(epoch, welcome.GetProperty("epoch").GetString());
        Assert.Equal(1, welcome.GetProperty("online").GetInt32());
    }

    [Fact]
    public async Task Redis_down_refuses_with_unavailable_and_503_then_recovers_without_loss()
    {
        await using var room = await TwoInstanceRoom.StartAsync(appendOnly: true);
        var epoch = (await TwoInstanceRoom.RoomAsync(room.A)).GetProperty("epoch").GetString();
        await room.Redis.KillAsync(Token);

        Assert.Null(await TwoInstanceRoom.SayAsync(room.Members[0], "into the void"));
        using var http = room.A.CreateHttpClient();
        var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative), Token)).StatusCode);
        var summary = await http.GetAsync(new Uri("/api/room", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, summary.StatusCode);
        Assert.NotNull(summary.Headers.RetryAfter);
        var upgrade = await RawSocket.ConnectAsync(room.A.BaseAddress);
        await using (upgrade)
        {
            var head = await upgrade.UpgradeAsync("/ws?name=late");
            Assert.Equal(503, head.Status);
            Assert.True(head.Headers.ContainsKey("Retry-After"));
        }

        await room.Redis.RestartAsync(keepData: true, Token);

        await room.AssertEveryoneGapFreeAsync();
        Assert.Equal(epoch, (await TwoInstanceRoom.RoomAsync(room.B)).GetProperty("epoch").GetString());
        await ReadyzUntilAsync(http, HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_instance_whose_heartbeat_fails_past_the_instance_timeout_is_unready_until_it_beats_again()
    {
        await using var room = await TwoInstanceRoom.StartAsync(membersPerInstance: 1);
        using var http = room.A.CreateHttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative), Token)).StatusCode);

        // Stopped, Redis keeps its connections open but answers nothing: cut off all the same.
        await room.Redis.FreezeAsync();
        try
        {
            await ReadyzUntilAsync(http, HttpStatusCode.ServiceUnavailable);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative), Token)).StatusCode);
        }
        finally
        {
            await room.Redis.ThawAsync();
        }

        await ReadyzUntilAsync(http, HttpStatusCode.OK);
    }

    /// <summary>Asks /readyz until it answers <paramref name="status"/> (readiness follows the heartbeat: a beat each second here).</summary>
    private static async Task ReadyzUntilAsync(HttpClient http, HttpStatusCode status)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Token);
        guard.CancelAfter(RawSocket.HangGuard);
        while ((await http.GetAsync(new Uri("/readyz", UriKind.Relative), guard.Token)).StatusCode != status)
        {
            await Task.Delay(100, guard.Token);
        }
    }

    private static async Task<TestMember> ReconnectAsync(ChatServer server, string name, string query)
    {
        // The instance reloads the new room right after the reset; until then upgrades get 503.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await server.JoinAsync(name, json: true, query: query);
            }
            catch (WebSocketException) when (attempt < 50)
            {
                await Task.Delay(100, Token);
            }
        }
    }
}
