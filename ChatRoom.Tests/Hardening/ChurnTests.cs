using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// Members coming and going, some by killing their TCP connection, must not cost the members who
/// stay a single message, a duplicate or a reordering, and must not leave anyone behind in the room.
/// </summary>
public sealed class ChurnTests
{
    private const int Seed = 4242;
    private const int Steady = 5;
    private const int MessagesEach = 200;
    private const int Churners = 200;
    private const int ChurnWorkers = 10;

    private static readonly string[] Endings = ["close", "reset", "abort-client", "say-then-reset", "never-read-then-reset"];

    [Fact]
    public async Task Two_hundred_members_come_and_go_while_five_steady_members_exchange_a_thousand_messages_each_seen_once_in_one_order()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?>
        {
            // The senders go as fast as acks come back; the rate limit is not under test here.
            ["Chat:RateLimit:MessagesPerSecond"] = "1000000",
            ["Chat:RateLimit:Burst"] = "1000000",
        });
        var steady = new SteadyMember[Steady];
        for (var k = 0; k < Steady; k++)
        {
            steady[k] = new SteadyMember(await server.JoinedAsync($"steady{k}", json: true));
        }

        var churnLeft = new ConcurrentDictionary<string, bool>();
        var allChurnersLeft = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var readers = steady.Select((member, k) => member.ReadAsync(k == 0 ? (churnLeft, allChurnersLeft) : null)).ToArray();

        var random = new Random(Seed);
        var plan = Enumerable.Range(0, Churners).Select(n => (Name: $"churn{n}", Json: random.Next(2) == 0, Ending: Endings[random.Next(Endings.Length)])).ToArray();
        var churned = 0;
        var churn = Task.WhenAll(Enumerable.Range(0, ChurnWorkers).Select(async worker =>
        {
            for (var n = worker; n < Churners; n += ChurnWorkers)
            {
                await ChurnAsync(server, plan[n].Name, plan[n].Json, plan[n].Ending);
                Interlocked.Increment(ref churned);
            }
        }));

        await Task.WhenAll(steady.Select((member, k) => member.SendAllAsync(k)));
        var churnedWhileSending = Volatile.Read(ref churned);
        await churn;

        // A last message marks the end: everything sequenced before it was sent while all five were in.
        await steady[0].SendEndAsync();
        var conversations = await Task.WhenAll(readers);

        var reference = conversations[0];
        for (var k = 1; k < Steady; k++)
        {
            Assert.Equal(reference, conversations[k]);
        }

        var ids = reference.Select(message => message.Id).ToList();
        Assert.Equal(ids.Order().Distinct(), ids);
        for (var k = 0; k < Steady; k++)
        {
            var own = reference.Where(message => message.From == $"steady{k}").Select(message => message.Text).ToList();
            Assert.Equal(Enumerable.Range(0, MessagesEach).Select(j => $"s{k}-{j}"), own);
        }

        // Every churner joined before its welcome, so each must leave; then only the five remain.
        await allChurnersLeft.Task.WaitAsync(RawSocket.HangGuard, TestContext.Current.CancellationToken);
        using var http = server.CreateHttpClient();
        var room = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/room", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(Steady, room.GetProperty("online").GetInt32());

        var summary = $"churn: {Churners} churners ({string.Join(", ", plan.GroupBy(p => p.Ending).Select(g => $"{g.Key} {g.Count()}"))}), " +
            $"{churnedWhileSending} of them done while the {Steady * MessagesEach} steady messages were being sent; " +
            $"{reference.Count} messages in the shared conversation";
        TestContext.Current.SendDiagnosticMessage(summary);
        TestContext.Current.TestOutputHelper?.WriteLine(summary);

        foreach (var member in steady)
        {
            await member.DisposeAsync();
        }
    }

    /// <summary>One churner: joins (waits for its welcome, so it is in the room), maybe talks, then goes.</summary>
    private static async Task ChurnAsync(ChatServer server, string name, bool json, string ending)
    {
        if (ending is "reset" or "say-then-reset" or "never-read-then-reset")
        {
            await using var raw = await RawSocket.JoinAsync(server.BaseAddress, name, subProtocol: json ? "chatroom.v1.json" : null);
            if (ending != "never-read-then-reset")
            {
                while (await raw.ReadFrameAsync() is { } frame && !(frame.Text.StartsWith("*** welcome", StringComparison.Ordinal) || frame.Text.Contains("\"welcome\"", StringComparison.Ordinal)))
                {
                }
            }

            if (ending == "say-then-reset")
            {
                await raw.SendTextAsync($"{name} was here");
            }

            raw.Abort();
            return;
        }

        var member = await server.JoinAsync(name, json);
        await member.ReadWelcomeAsync();
        if (ending == "abort-client")
        {
            member.Socket.Abort();
            member.Socket.Dispose();
            return;
        }

        await member.DisposeAsync();
    }

    private sealed record Message(long Id, string From, string Text);

    /// <summary>A JSON member that sends its share with a window of unacknowledged messages and records the conversation.</summary>
    private sealed class SteadyMember(TestMember member) : IAsyncDisposable
    {
        private const string EndText = "the end";
        private readonly SemaphoreSlim _window = new(10);
        private readonly ConcurrentQueue<string> _sent = new();

        public async Task SendAllAsync(int k)
        {
            for (var j = 0; j < MessagesEach; j++)
            {
                await _window.WaitAsync(TestContext.Current.CancellationToken);
                var text = $"s{k}-{j}";
                _sent.Enqueue(text);
                await member.SendAsync(text);
            }
        }

        public async Task SendEndAsync()
        {
            _sent.Enqueue(EndText);
            await member.SendAsync(EndText);
        }

        /// <summary>Reads to the end marker; the messages before it, own ones (acked) included, in the order received.</summary>
        public async Task<List<Message>> ReadAsync((ConcurrentDictionary<string, bool> Left, TaskCompletionSource AllLeft)? churn)
        {
            var conversation = new List<Message>();
            var ended = false;
            while (!ended || churn is { AllLeft.Task.IsCompleted: false })
            {
                var frame = await member.ReceiveJsonAsync();
                switch (frame.GetProperty("type").GetString())
                {
                    case "message":
                        var text = frame.GetProperty("text").GetString()!;
                        ended |= text == EndText;
                        if (!ended)
                        {
                            conversation.Add(new Message(frame.GetProperty("id").GetInt64(), frame.GetProperty("from").GetString()!, text));
                        }

                        break;
                    case "ack":
                        Assert.True(_sent.TryDequeue(out var mine), "an ack for a message never sent");
                        ended |= mine == EndText;
                        if (!ended)
                        {
                            conversation.Add(new Message(frame.GetProperty("id").GetInt64(), member.Name!, mine));
                            _window.Release();
                        }

                        break;
                    case "leave" when churn is { } watch && frame.GetProperty("name").GetString()!.StartsWith("churn", StringComparison.Ordinal):
                        watch.Left[frame.GetProperty("name").GetString()!] = true;
                        if (watch.Left.Count == Churners)
                        {
                            watch.AllLeft.TrySetResult();
                        }

                        break;
                }
            }

            return conversation;
        }

        public async ValueTask DisposeAsync()
        {
            await member.DisposeAsync();
            _window.Dispose();
        }
    }
}
