using System.Net.WebSockets;
using ChatRoom.Members;
using ChatRoom.Names;
using ChatRoom.Sessions;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// <c>Chat:RateLimit</c> and the flood guard: messages over the bucket are dropped with an error to
/// the sender only, and <see cref="FloodGuard.DropLimit"/> drops within <see cref="FloodGuard.Window"/> close the member with 1008.
/// </summary>
public sealed class FloodTests
{
    [Fact]
    public async Task Over_the_burst_messages_are_dropped_with_an_error_to_the_sender_only_and_the_fiftieth_drop_closes_with_1008()
    {
        // A refill too slow to matter during the test makes the count exact: the burst, then drops.
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?>
        {
            ["Chat:RateLimit:MessagesPerSecond"] = "0.001",
            ["Chat:RateLimit:Burst"] = "20",
        });
        await using var observer = await server.JoinedAsync("observer");
        await using var other = await server.JoinedAsync("other");
        await using var flooder = await server.JoinedAsync("flooder", json: true);

        for (var i = 0; i < 20; i++)
        {
            await flooder.SendAsync($"m{i}");
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("ack", (await flooder.ReceiveJsonUntilAsync("ack")).GetProperty("type").GetString());
        }

        await flooder.SendAsync("one too many");
        var error = await flooder.ReceiveJsonAsync();
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("rate_limited", error.GetProperty("code").GetString());
        Assert.StartsWith("slow down", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        // Only the burst reached the room; the drop told nobody else.
        await other.SendAsync("sentinel");
        var seen = new List<string>();
        while (await observer.ReceiveAsync() is var line && line != "other: sentinel")
        {
            seen.Add(line);
        }

        Assert.Equal(["*** other joined (2 online)", "*** flooder joined (3 online)", .. Enumerable.Range(0, 20).Select(i => $"flooder: m{i}")], seen);

        // 49 more drops make 50: each is answered, and the last one closes the connection.
        for (var i = 0; i < FloodGuard.DropLimit - 1; i++)
        {
            await flooder.SendAsync($"flood {i}");
        }

        var errors = 1;
        while (true)
        {
            var frame = await flooder.ReceiveJsonOrCloseAsync();
            if (frame is null)
            {
                break;
            }

            // The sentinel, as a message, is the only other frame on its way.
            if (frame.Value.GetProperty("type").GetString() == "error")
            {
                Assert.Equal("rate_limited", frame.Value.GetProperty("code").GetString());
                errors++;
            }
        }

        Assert.Equal(FloodGuard.DropLimit, errors);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, flooder.Socket.CloseStatus);
        Assert.Equal("flooding", flooder.Socket.CloseStatusDescription);
        await observer.ReceiveUntilAsync(line => line == "*** flooder left (2 online)");
    }

    [Fact]
    public async Task With_the_default_limits_a_tight_loop_gets_its_burst_through_and_is_closed_with_1008_after_exactly_fifty_drops()
    {
        await using var server = ChatServer.OnKestrel();
        await using var observer = await server.JoinedAsync("observer");
        await using var flooder = await server.JoinedAsync("flooder", json: true);

        // 20 (the burst) + 100: far more than the ~5 tokens the bucket can refill while a loop sends them.
        for (var i = 0; i < 120; i++)
        {
            await flooder.SendAsync($"m{i}");
        }

        var replies = new List<string>();
        while (await flooder.ReceiveJsonOrCloseAsync() is { } frame)
        {
            var type = frame.GetProperty("type").GetString()!;
            replies.Add(type == "error" ? frame.GetProperty("code").GetString()! : type);
        }

        // The bucket starts full: the first 20 always pass; refills may let a few later ones through.
        Assert.All(replies.Take(20), reply => Assert.Equal("ack", reply));
        Assert.All(replies, reply => Assert.True(reply is "ack" or "rate_limited", reply));
        var acks = replies.Count(reply => reply == "ack");
        Assert.Equal(FloodGuard.DropLimit, replies.Count(reply => reply == "rate_limited"));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, flooder.Socket.CloseStatus);

        // Everything that got through reached the observer, in order, and then the flooder left.
        var lines = new List<string>();
        while (await observer.ReceiveAsync() is var line && !line.StartsWith("*** flooder left", StringComparison.Ordinal))
        {
            lines.Add(line);
        }

        var messages = lines.Where(l => l.StartsWith("flooder: ", StringComparison.Ordinal)).Select(l => int.Parse(l["flooder: m".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(acks, messages.Count);
        Assert.Equal(Enumerable.Range(0, 20), messages.Take(20));
        Assert.Equal(messages.Order(), messages);
    }
}
