using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// The process never dies of load: the real server under <c>ulimit -n 1024</c>
/// (so the flood stays small) gets far more connections than it has descriptors for, while two
/// members chat. It stays up, <c>/healthz</c> answers during and after, the two lose nothing, and
/// a new member joins after the flood. 1024 leaves 608 connections (384 + 1024/32 reserved), 567 of
/// them for members (<c>ConnectionBudget</c>).
/// </summary>
[Collection(RunsAlone.Name)]
public sealed partial class DescriptorLimitTests
{
    private const int FileLimit = 1024;
    private const int ExpectedConnections = 608;
    private const int ExpectedMembers = 567;

    [Fact]
    public async Task A_flood_of_idle_and_half_sent_connections_past_the_limit_neither_kills_the_server_nor_starves_healthz_or_members()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "ulimit and RLIMIT_NOFILE as on Linux");
        await using var server = await ServerProcess.StartAsync(FileLimit);
        await server.WaitForOutputAsync($"up to {ExpectedConnections} connections, {ExpectedMembers} members");
        await server.WaitForOutputAsync("Chat:MaxMembers is 10000 but the open-file limit 1024 holds only 567 members", "ulimit -n", "--ulimit nofile=");
        await using var pair = await ChattingPair.JoinAsync(server);
        using var http = Probe(server);

        // Three times the limit: a third never send a byte, the rest stop half-way through an upgrade request.
        var flood = new List<Socket>();
        try
        {
            for (var i = 0; i < 3 * FileLimit; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                flood.Add(socket);
                await socket.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port, TestContext.Current.CancellationToken);
                if (i % 3 != 0)
                {
                    await SendQuietlyAsync(socket, $"GET /ws?name=flood{i} HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nUpgrade: websocket\r\n");
                }

                if (i % 500 == 0)
                {
                    Assert.Equal("ok\n", await HealthAsync(http, $"after {i} flood connections", server));
                }
            }

            // During the flood: the server answers and the members chat.
            Assert.False(server.HasExited);
            Assert.Equal("ok\n", await http.GetStringAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken));
            await pair.ExchangeAsync("during");
            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(ExpectedConnections, PrometheusText.Value(metrics, "chatroom_connections_limit"));
            Assert.Equal(FileLimit, PrometheusText.Value(metrics, "chatroom_descriptors_limit"));
            Assert.InRange(PrometheusText.Value(metrics, "chatroom_connections_open"), 3, ExpectedConnections + 1);
            Assert.True(PrometheusText.Value(metrics, "chatroom_connections_closed_at_limit_total", "reason=\"idle_evicted\"") > FileLimit);
        }
        finally
        {
            flood.ForEach(socket => socket.Dispose());
        }

        await pair.AfterTheFloodAsync(server, http);
    }

    [Fact]
    public async Task A_flood_of_members_that_never_read_gets_503_past_the_member_limit_and_the_server_keeps_serving()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "ulimit and RLIMIT_NOFILE as on Linux");
        // The flood's 500-odd joins and leaves reach the two in a burst: a queue that holds them keeps
        // this test about descriptors (a reader closed as "too slow" by a burst is the room's issue).
        // A keep-alive slower than the test, so that no mute is dropped (and its place reused) while it runs.
        await using var server = await ServerProcess.StartAsync(FileLimit, "--Chat:SendQueueLimit=4096", "--Chat:KeepAliveInterval=00:10:00");
        await using var pair = await ChattingPair.JoinAsync(server);
        using var http = Probe(server);

        var mutes = new List<RawSocket>();
        var statuses = new Dictionary<int, int>();
        try
        {
            for (var i = 0; i < 2 * ExpectedMembers; i++)
            {
                var mute = await RawSocket.ConnectAsync(server.BaseAddress, receiveBufferSize: 4096);
                mutes.Add(mute);
                var head = await mute.UpgradeAsync($"/ws?name=mute{i}");
                statuses[head.Status] = statuses.GetValueOrDefault(head.Status) + 1;
                if (head.Status == 503)
                {
                    Assert.Equal("5", head.Headers["Retry-After"]);
                    Assert.Contains("connection limit", head.Body, StringComparison.Ordinal);
                }
            }

            TestContext.Current.SendDiagnosticMessage($"upgrades by status: {string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"))}");
            Assert.Equal(ExpectedMembers - 2, statuses[101]);
            Assert.Equal((2 * ExpectedMembers) - statuses[101], statuses[503]);

            Assert.False(server.HasExited);
            Assert.Equal("ok\n", await http.GetStringAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken));
            await pair.ExchangeAsync("during");
        }
        finally
        {
            await Task.WhenAll(mutes.Select(mute => mute.DisposeAsync().AsTask()));
        }

        await pair.AfterTheFloodAsync(server, http);
    }

    /// <summary>
    /// A new connection per request, as a health checker makes: a pooled keep-alive connection is
    /// idle between requests, and idle connections are the first closed at the limit.
    /// </summary>
    private static async Task<string> HealthAsync(HttpClient http, string when, ServerProcess server)
    {
        try
        {
            return await http.GetStringAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new InvalidOperationException($"/healthz failed {when}; the server's last lines:\n{string.Join('\n', server.Output.TakeLast(20))}", exception);
        }
    }

    private static HttpClient Probe(ServerProcess server) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { BaseAddress = server.BaseAddress };

    private static async Task SendQuietlyAsync(Socket socket, string text)
    {
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None, TestContext.Current.CancellationToken);
        }
        catch (SocketException)
        {
            // Closed by the server already (the oldest idle connections are): that is the point.
        }
    }
}
