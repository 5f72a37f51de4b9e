using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Hardening;

/// <summary><c>Chat:MaxMembers</c>: the check and the registration cannot race, and a place frees when a member leaves.</summary>
public sealed class CapacityTests
{
    [Fact]
    public async Task Hundred_simultaneous_joins_against_ten_places_admit_exactly_ten_and_refuse_ninety_with_503_and_Retry_After()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:MaxMembers"] = "10" });
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 100).Select(i => TryJoinAsync(server, $"p{i}", go.Task)).ToArray();
        go.SetResult();
        var results = await Task.WhenAll(attempts);
        try
        {
            var admitted = results.Where(r => r.Socket is not null).ToList();
            var refused = results.Where(r => r.Socket is null).ToList();
            Assert.Equal(10, admitted.Count);
            Assert.Equal(90, refused.Count);
            // A 101 comes before the room's welcome; the welcome says the member is in.
            foreach (var result in admitted)
            {
                await new TestMember(result.Socket!, json: false).ReadWelcomeAsync();
            }

            Assert.All(refused, r =>
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, r.Status);
                Assert.True(r.RetryAfter is { Length: > 0 }, "503 without Retry-After");
            });

            using var http = server.CreateHttpClient();
            // One full room does not make the instance unready: another room still takes members.
            var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            await using var elsewhere = await server.JoinAsync("elsewhere", query: "room=games");
            Assert.Contains(await elsewhere.ReadWelcomeAsync(), line => line.Contains(" in games ", StringComparison.Ordinal));
            var room = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/room", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;
            Assert.Equal(10, room.GetProperty("online").GetInt32());
        }
        finally
        {
            foreach (var result in results)
            {
                result.Socket?.Dispose();
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_place_frees_as_soon_as_the_room_announces_a_member_left(bool abruptly)
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:MaxMembers"] = "2" });
        await using var alice = await server.JoinedAsync("alice");
        var bob = await RawSocket.JoinAsync(server.BaseAddress, "bob");
        await alice.ReceiveUntilAsync(line => line == "*** bob joined (2 online)");

        var full = await TryJoinAsync(server, "carol", Task.CompletedTask);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.Status);

        if (abruptly)
        {
            bob.Abort();
        }
        else
        {
            await bob.WriteAsync(WsFrame.Close(1000, "bye"));
        }

        // Whoever reads "left (1 online)" may take the place at once: no retry, no wait.
        await alice.ReceiveUntilAsync(line => line == "*** bob left (1 online)");
        var carol = await TryJoinAsync(server, "carol", Task.CompletedTask);
        carol.Socket?.Dispose();
        Assert.Equal(HttpStatusCode.SwitchingProtocols, carol.Status);
        await bob.DisposeAsync();
    }

    private static async Task<JoinResult> TryJoinAsync(ChatServer server, string name, Task go)
    {
        var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        await go;
        try
        {
            await client.ConnectAsync(server.SocketUri(name), TestContext.Current.CancellationToken);
            return new JoinResult(client, client.HttpStatusCode, null);
        }
        catch (WebSocketException)
        {
            var retryAfter = client.HttpResponseHeaders?.TryGetValue("Retry-After", out var values) == true ? string.Join(',', values) : null;
            var status = client.HttpStatusCode;
            client.Dispose();
            return new JoinResult(null, status, retryAfter);
        }
    }

    private sealed record JoinResult(ClientWebSocket? Socket, HttpStatusCode Status, string? RetryAfter);
}
