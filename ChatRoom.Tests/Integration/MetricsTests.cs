using System.Text.RegularExpressions;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Integration;

[Collection(RunsAlone.Name)]
public sealed partial class MetricsTests
{
    [Fact]
    public async Task The_rooms_counters_move_and_are_scraped_in_prometheus_format()
    {
        await using var server = ChatServer.InMemory(new Dictionary<string, string?> { ["Chat:MaxMessageBytes"] = "16" });
        await using var a = await server.JoinedAsync("a");
        await using var b = await server.JoinedAsync("b");
        await a.SendAsync("hello");
        await b.ReceiveUntilAsync(t => t == "a: hello");
        await a.SendAsync(new string('x', 17));
        await a.ReceiveUntilAsync(t => t.StartsWith('!'));
        using var client = server.CreateClient();
        await client.GetStringAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(2, PrometheusText.Value(metrics, "chatroom_members_online"));
        Assert.Equal(2, PrometheusText.Value(metrics, "chatroom_members_joined_total"));
        Assert.Equal(1, PrometheusText.Value(metrics, "chatroom_messages_received_total"));
        Assert.Equal(1, PrometheusText.Value(metrics, "chatroom_messages_dropped_total", "reason=\"too_long\""));
        // b's join reached a; the message reached b.
        Assert.True(PrometheusText.Value(metrics, "chatroom_events_delivered_total") >= 2);
        // Queue to socket, once per batch written: at least those two frames, in the advised buckets.
        Assert.True(PrometheusText.Value(metrics, "chatroom_send_latency_seconds_count") >= 2);
        Assert.Contains("chatroom_send_latency_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("le=\"0.00025\"", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_rooms_are_one_gauge_with_no_room_label()
    {
        await using var server = ChatServer.InMemory();
        await using var games = await server.JoinAsync("a", query: "room=games");
        await games.ReadWelcomeAsync();
        await using var chess = await server.JoinAsync("b", query: "room=chess");
        await chess.ReadWelcomeAsync();
        using var client = server.CreateClient();

        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);

        // general, games and chess; no series carries a room's name.
        Assert.Equal(3, PrometheusText.Value(metrics, "chatroom_rooms"));
        Assert.DoesNotContain("games", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("room=", metrics, StringComparison.Ordinal);
    }
}
