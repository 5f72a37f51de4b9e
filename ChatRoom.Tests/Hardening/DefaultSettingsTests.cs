using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;
using ChatRoom.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// The slow reader and the dead peer against the server as shipped: no setting changed
/// (SendQueueLimit 256, MaxMessageBytes 4096, 10 messages/s in bursts of 20, keep-alive 20 s + 20 s,
/// shutdown 5 s so a close handshake gets 2.5 s).
/// </summary>
/// <remarks>
/// With the default keep-alive a dead peer that nobody talks to is found after up to 50 s; the
/// liveness tests prove that path with short settings. Here the room is busy, so the dead peer
/// is found the way a busy room finds it: its send queue fills and it is closed as too slow.
/// </remarks>
[Collection(RunsAlone.Name)]
public sealed class DefaultSettingsTests
{
    private const int Burst = 20;
    private const int PaddingBytes = 4000;

    // Loopback lets the server's socket buffer grow to megabytes, which the backlog must exceed
    // before the queue fills; this bounds the flood if it somehow never does.
    private const int MaxSenders = 400;

    [Fact]
    public async Task A_flood_of_big_messages_closes_a_reader_that_cannot_keep_up_with_1008_drops_a_dead_peer_and_the_reading_member_gets_everything_in_order()
    {
        var log = new LogCapture();
        await using var server = ChatServer.OnKestrel(services: services => services.AddSingleton<ILogEventSink>(log));
        await using var reader = await server.JoinedAsync("reader", json: true);

        // Small receive buffers keep the kernel from hiding the backlog on the readers' side.
        using var smallBuffers = new HttpMessageInvoker(new SocketsHttpHandler { ConnectCallback = ConnectWithSmallReceiveBufferAsync });
        await using var slow = await TestMember.ConnectAsync(server.SocketUri("slow"), json: true, smallBuffers);
        await using var dead = await RawSocket.JoinAsync(server.BaseAddress, "dead", receiveBufferSize: 4096);

        // The slow member starts reading the moment the room gives up on it, well within the
        // 2.5 s it then has to take the close frame.
        var slowReads = ReadAfterOverflowAsync(slow, log);

        // The default rate limit (10/s, bursts of 20) keeps any one member from flooding, so the
        // flood comes from one member after another, each sending its burst of big messages and leaving.
        var padding = new string('x', PaddingBytes);
        var senders = 0;
        while (!(Overflowed(log, "slow") && Overflowed(log, "dead")))
        {
            Assert.True(senders < MaxSenders, "the slow and dead members never overflowed their queues");
            var sender = await server.JoinAsync($"sender{senders}", json: true);
            for (var j = 0; j < Burst; j++)
            {
                await sender.SendAsync($"{senders}-{j} {padding}");
            }

            for (var j = 0; j < Burst; j++)
            {
                await sender.ReceiveJsonUntilAsync("ack");
            }

            await sender.DisposeAsync();
            senders++;
        }

        var slowIds = await slowReads;
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, slow.Socket.CloseStatus);
        Assert.Equal("too slow", slow.Socket.CloseStatusDescription);

        // The reader gets every message, each sender's in its order, ids rising; and hears both laggards leave.
        var received = new List<(long Id, int Sender, int Index)>();
        var left = new HashSet<string>();
        while (received.Count < senders * Burst || left.Count(name => !name.StartsWith("sender", StringComparison.Ordinal)) < 2)
        {
            var frame = await reader.ReceiveJsonAsync();
            switch (frame.GetProperty("type").GetString())
            {
                case "message":
                    var text = frame.GetProperty("text").GetString()!;
                    var space = text.IndexOf(' ', StringComparison.Ordinal);
                    var tag = text[..space].Split('-');
                    Assert.Equal(padding, text[(space + 1)..]);
                    received.Add((frame.GetProperty("id").GetInt64(), int.Parse(tag[0], CultureInfo.InvariantCulture), int.Parse(tag[1], CultureInfo.InvariantCulture)));
                    break;
                case "leave":
                    left.Add(frame.GetProperty("name").GetString()!);
                    break;
            }
        }

        Assert.Contains("slow", left);
        Assert.Contains("dead", left);
        Assert.Equal(senders * Burst, received.Count);
        Assert.Equal(received.Select(m => m.Id).Order().Distinct(), received.Select(m => m.Id));
        for (var s = 0; s < senders; s++)
        {
            Assert.Equal(Enumerable.Range(0, Burst), received.Where(m => m.Sender == s).Select(m => m.Index));
        }

        // What the slow member did get is the conversation's beginning, without a gap: nothing silently dropped.
        Assert.NotEmpty(slowIds);
        Assert.Equal(received.Select(m => m.Id).Take(slowIds.Count), slowIds);

        var summary = $"default settings: {senders} senders x {Burst} messages of ~{PaddingBytes} bytes before both overflowed; " +
            $"the slow member got {slowIds.Count} of {senders * Burst} before its 1008";
        TestContext.Current.SendDiagnosticMessage(summary);
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
    }

    private static bool Overflowed(LogCapture log, string name) =>
        log.Events.Any(e => e.Contains("is too slow", StringComparison.Ordinal) && e.Contains($"Name=\"{name}\"", StringComparison.Ordinal));

    /// <summary>Waits for the room to close the member as too slow, then reads it to the close; the ids of the messages it got.</summary>
    private static async Task<List<long>> ReadAfterOverflowAsync(TestMember member, LogCapture log)
    {
        await log.WaitForAsync("is too slow", "Name=\"slow\"");
        var ids = new List<long>();
        while (await member.ReceiveJsonOrCloseAsync() is { } frame)
        {
            if (frame.GetProperty("type").GetString() == "message")
            {
                ids.Add(frame.GetProperty("id").GetInt64());
            }
        }

        return ids;
    }

    private static async ValueTask<Stream> ConnectWithSmallReceiveBufferAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
