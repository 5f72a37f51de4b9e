using System.Text;
using System.Threading.Channels;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// Two members that read all the time (so they answer pings and keep up with the flood's join
/// announcements) and check that nothing between them is lost.
/// </summary>
public sealed class ChattingPair : IAsyncDisposable
{
    /// <summary>Two exchanges of 10 stay within the default rate limit's burst of 20.</summary>
    public const int MessagesPerExchange = 10;

    private readonly TestMember _alice;
    private readonly TestMember _bob;
    private readonly Channel<string> _aliceHeard = Channel.CreateUnbounded<string>();
    private readonly Channel<string> _bobHeard = Channel.CreateUnbounded<string>();
    private readonly Task _reading;

    private ChattingPair(TestMember alice, TestMember bob)
    {
        _alice = alice;
        _bob = bob;
        _reading = Task.WhenAll(ReadAllAsync(alice, _aliceHeard.Writer), ReadAllAsync(bob, _bobHeard.Writer));
    }

    public static async Task<ChattingPair> JoinAsync(ServerProcess server)
    {
        var alice = await TestMember.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/ws?name=alice"));
        await alice.ReadWelcomeAsync();
        var bob = await TestMember.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/ws?name=bob"));
        await bob.ReadWelcomeAsync();
        return new ChattingPair(alice, bob);
    }

    /// <summary>Each sends <see cref="MessagesPerExchange"/> messages; the other receives every one, in order.</summary>
    public async Task ExchangeAsync(string tag)
    {
        for (var i = 0; i < MessagesPerExchange; i++)
        {
            await _alice.SendAsync($"{tag} {i}");
            await _bob.SendAsync($"{tag} {i}");
        }

        Assert.Equal(Enumerable.Range(0, MessagesPerExchange).Select(i => $"bob: {tag} {i}"), await CollectAsync(_aliceHeard.Reader, $"bob: {tag}"));
        Assert.Equal(Enumerable.Range(0, MessagesPerExchange).Select(i => $"alice: {tag} {i}"), await CollectAsync(_bobHeard.Reader, $"alice: {tag}"));
    }

    public async Task AfterTheFloodAsync(ServerProcess server, HttpClient http)
    {
        Assert.Equal("ok\n", await http.GetStringAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken));
        await ExchangeAsync("after");
        await using var carol = await TestMember.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/ws?name=carol"));
        await carol.ReadWelcomeAsync();
        await CollectAsync(_aliceHeard.Reader, "*** carol joined", count: 1);
        Assert.False(server.HasExited);
    }

    public async ValueTask DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
        await _reading;
    }

    /// <summary>
    /// Reads until the socket ends, with no hang guard of its own: a cancelled receive aborts a
    /// WebSocket, and the flood may keep a member quiet for a while. Waits for lines are guarded instead.
    /// </summary>
    private static async Task ReadAllAsync(TestMember member, ChannelWriter<string> heard)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await member.Socket.ReceiveAsync(buffer, TestContext.Current.CancellationToken);
                if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                {
                    throw new InvalidOperationException($"closed: {result.CloseStatus} {result.CloseStatusDescription}");
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    await heard.WriteAsync(Encoding.UTF8.GetString(message.ToArray()));
                    message.SetLength(0);
                }
            }
        }
        catch (Exception exception)
        {
            heard.TryComplete(exception);
        }
    }

    private static async Task<List<string>> CollectAsync(ChannelReader<string> heard, string prefix, int count = MessagesPerExchange)
    {
        var lines = new List<string>();
        while (lines.Count < count)
        {
            using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            guard.CancelAfter(RawSocket.HangGuard);
            var line = await heard.ReadAsync(guard.Token);
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
