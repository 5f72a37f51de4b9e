using System.Text.Json;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Integration;

/// <summary>Resume after reconnect on real sockets: exactly what was missed, or a clear "start again".</summary>
public sealed class ResumeOverSocketTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:AdminKey"] = RoomAdmin.Key,
        ["Chat:RateLimit:MessagesPerSecond"] = "1000000",
        ["Chat:RateLimit:Burst"] = "1000000",
    };

    [Fact]
    public async Task A_member_that_drops_gets_exactly_the_sixty_events_it_missed_then_live_events()
    {
        await using var server = ChatServer.OnKestrel(Settings);
        await using var bob = await server.JoinedAsync("bob");
        await using var alice = new ResumingMember(q => server.SocketUri(query: q), "alice");
        await alice.ConnectAsync();
        await bob.SendAsync("before");
        await alice.ReceiveAsync();

        alice.Drop();
        await bob.ReceiveUntilAsync(t => t.Contains("alice left", StringComparison.Ordinal));
        var since = alice.Since;
        for (var i = 0; i < 6; i++)
        {
            await bob.SendAsync($"message {i}");
            await bob.SendAsync($"another {i}");
            await bob.SendAsync($"third {i}");
            await bob.SendAsync($"/me waves {i}");
            await bob.SendAsync($"/nick bob{i}");
            await using var visitor = await server.JoinedAsync($"visitor{i}");
            await visitor.SendAsync($"hello from {i}");
            await visitor.SendAsync($"/me nods {i}");
            await visitor.CloseAsync();
            await bob.ReceiveUntilAsync(t => t.Contains($"visitor{i} left", StringComparison.Ordinal));
            await RoomAdmin.PostNoticeAsync(server, $"notice {i}");
            await bob.ReceiveUntilAsync(t => t.Contains($"notice {i}", StringComparison.Ordinal));
        }

        // 6 × (3 messages, an action, a rename, a join, 2 of the visitor's, a leave, a notice) + alice's own leave.
        var welcome = await alice.ConnectAsync();
        var missed = welcome.GetProperty("missed").GetInt32();
        Assert.Equal(61, missed);
        var last = welcome.GetProperty("last").GetInt64();
        Assert.Equal(Enumerable.Range((int)since + 1, (int)(last - since - 1)).Select(i => (long)i), alice.Events.Keys.Where(id => id > since));
        Assert.Contains(alice.Events.Values, e => e.StartsWith("leave|", StringComparison.Ordinal) && e.Contains("|alice|", StringComparison.Ordinal));

        await bob.SendAsync("after");
        var live = await alice.ReceiveAsync();
        Assert.Equal(last + 1, live.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_plain_text_member_asking_to_resume_gets_the_usual_welcome()
    {
        await using var server = ChatServer.OnKestrel(Settings);
        // Bob speaks JSON: its ack proves "hello" is applied before alice joins (plain text acks nothing).
        await using var bob = await server.JoinedAsync("bob", json: true);
        await bob.SendAsync("hello");
        await bob.ReceiveJsonUntilAsync("ack");
        using var http = server.CreateHttpClient();
        using var room = JsonDocument.Parse(
            await http.GetStringAsync(new Uri("/api/room", UriKind.Relative), TestContext.Current.CancellationToken));
        var epoch = room.RootElement.GetProperty("epoch").GetString();

        // Plain text has no ids to resume from: since=0 must not replay the room's joins as missed events.
        await using var alice = await server.JoinAsync("alice", query: $"since=0&epoch={epoch}");
        var welcome = await alice.ReadWelcomeAsync();

        Assert.Equal(["bob: hello"], welcome.SkipLast(1));
        Assert.StartsWith("*** welcome, alice: 2 online", welcome[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("since=5", "since and epoch go together")]
    [InlineData("epoch=abc", "since and epoch go together")]
    [InlineData("since=-1&epoch=abc", "since must be a non-negative integer")]
    [InlineData("since=x&epoch=abc", "since must be a non-negative integer")]
    [InlineData("since=1&epoch=no!", "epoch must be 1-32 letters or digits")]
    [InlineData("since=1&epoch=abcdefghijabcdefghijabcdefghijabc", "epoch must be 1-32 letters or digits")]
    public async Task A_malformed_resume_is_refused_with_400_and_a_reason(string query, string reason)
    {
        await using var server = ChatServer.OnKestrel();
        await using var raw = await RawSocket.ConnectAsync(server.BaseAddress);
        var response = await raw.UpgradeAsync("/ws?name=alice&" + query);
        Assert.Equal(400, response.Status);
        Assert.StartsWith(reason, response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restarted_server_is_a_new_epoch_and_the_client_must_start_again()
    {
        var first = ChatServer.OnKestrel();
        var port = first.BaseAddress.Port;
        var alice = new ResumingMember(q => first.SocketUri(query: q), "alice");
        await alice.ConnectAsync();
        await using (var bob = await first.JoinedAsync("bob"))
        {
            await bob.SendAsync("one");
            await alice.ReceiveAsync();
        }

        var oldEpoch = alice.Epoch;
        await alice.DisposeAsync();
        await first.DisposeAsync();

        await using var second = ChatServer.OnKestrel(port: port);
        await using var again = await TestMember.ConnectAsync(second.SocketUri(query: $"name=alice&since={alice.Since}&epoch={oldEpoch}"), json: true);
        var welcome = await again.ReceiveJsonAsync();
        Assert.False(welcome.GetProperty("resumed").GetBoolean());
        Assert.NotEqual(oldEpoch, welcome.GetProperty("epoch").GetString());
        Assert.Equal(1, welcome.GetProperty("last").GetInt64());
    }
}
