using System.Net.WebSockets;
using System.Text.Json;
using ChatRoom.Log;
using ChatRoom.Model;
using ChatRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Tests.Integration;

/// <summary>What only real sockets on real Kestrel show: concurrency, slow readers, dropped connections.</summary>
public sealed class RealSocketTests
{
    private static readonly Dictionary<string, string?> NoRateLimit = new()
    {
        ["Chat:RateLimit:MessagesPerSecond"] = "1000000",
        ["Chat:RateLimit:Burst"] = "1000000",
    };

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(NoRateLimit);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.005")]
    public async Task Concurrent_senders_give_every_receiver_the_same_strictly_ordered_conversation(string writeDelay)
    {
        const int Senders = 5;
        const int PerSender = 40;
        await using var server = ChatServer.OnKestrel(Settings(("Chat:WriteDelay", writeDelay)));
        var receivers = new List<TestMember>();
        for (var i = 0; i < 4; i++)
        {
            receivers.Add(await server.JoinedAsync($"receiver{i}", json: true));
        }

        var senders = new List<TestMember>();
        for (var i = 0; i < Senders; i++)
        {
            senders.Add(await server.JoinedAsync($"sender{i}"));
        }

        var receiving = receivers.Select(r => CollectMessagesAsync(r, Senders * PerSender)).ToArray();
        await Task.WhenAll(senders.Select(s => Task.Run(async () =>
        {
            for (var n = 0; n < PerSender; n++)
            {
                await s.SendAsync($"{n}");
            }
        }, TestContext.Current.CancellationToken)));
        var conversations = await Task.WhenAll(receiving);

        foreach (var conversation in conversations)
        {
            Assert.Equal(conversations[0], conversation);
            var ids = conversation.Select(m => m.Id).ToArray();
            Assert.True(ids.Zip(ids.Skip(1)).All(pair => pair.First < pair.Second), "ids strictly increase");
            foreach (var sender in senders)
            {
                Assert.Equal(
                    Enumerable.Range(0, PerSender).Select(n => $"{n}"),
                    conversation.Where(m => m.From == sender.Name).Select(m => m.Text));
            }
        }

        await DisposeAllAsync(receivers.Concat(senders));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.005")]
    public async Task A_member_that_never_reads_is_closed_as_too_slow_and_a_reader_misses_nothing(string writeDelay)
    {
        const int Count = 400;
        // The close-handshake grace (half of ShutdownTimeout) is long here so the stalled peer is
        // still connected when it finally reads, and can see the close frame.
        await using var server = ChatServer.OnKestrel(Settings(
            ("Chat:SendQueueLimit", "8"), ("Chat:MaxMessageBytes", "65536"), ("Chat:ShutdownTimeout", "00:02:00"),
            ("Chat:WriteDelay", writeDelay)));
        await using var stalled = await server.JoinedAsync("stalled");
        await using var reader = await server.JoinedAsync("reader");
        await using var sender = await server.JoinedAsync("sender");
        var payload = new string('x', 60_000);
        // The sender stays at most a few messages ahead of the reader, so only the stalled member,
        // never the reader, can fall behind; 400 × 60 KB is far more than the kernel's socket buffers.
        using var window = new SemaphoreSlim(4);

        var sending = Task.Run(async () =>
        {
            for (var n = 0; n < Count; n++)
            {
                await window.WaitAsync(TestContext.Current.CancellationToken);
                await sender.SendAsync($"{n} {payload}");
            }
        }, TestContext.Current.CancellationToken);
        var received = new List<string>();
        var sawStalledLeave = false;
        while (received.Count < Count)
        {
            var frame = await reader.ReceiveAsync();
            if (frame.StartsWith("sender: ", StringComparison.Ordinal))
            {
                received.Add(frame["sender: ".Length..frame.IndexOf(' ', "sender: ".Length)]);
                window.Release();
            }
            else if (frame.StartsWith("*** stalled left", StringComparison.Ordinal))
            {
                sawStalledLeave = true;
            }
        }

        await sending;
        Assert.Equal(Enumerable.Range(0, Count).Select(n => $"{n}"), received);
        Assert.True(sawStalledLeave, "the stalled member was removed from the room while the others chatted");
        var (status, reason) = await stalled.ReceiveCloseAsync();
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Equal("too slow", reason);
    }

    [Fact]
    public async Task An_abrupt_disconnect_is_noticed_and_the_member_removed()
    {
        await using var server = ChatServer.OnKestrel();
        await using var watcher = await server.JoinedAsync("watcher");
        var ghost = await server.JoinedAsync("ghost");
        await watcher.ReceiveUntilAsync(t => t == "*** ghost joined (2 online)");

        ghost.Socket.Abort();

        Assert.Equal("*** ghost left (1 online)", await watcher.ReceiveAsync());
        ghost.Socket.Dispose();
    }

    [Fact]
    public async Task A_member_that_hangs_up_after_its_close_frame_still_gets_its_last_message_into_the_room()
    {
        // The close-handshake grace (half of ShutdownTimeout) is long, so nothing here depends on
        // how quickly the held reader is released.
        HeldRoomLog? log = null;
        var hungUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = ChatServer.OnKestrel(Settings(("Chat:ShutdownTimeout", "00:02:00")), services =>
        {
            services.AddSingleton<InProcessRoomLog>();
            services.AddSingleton<IRoomLog>(provider => log = new HeldRoomLog(provider.GetRequiredService<InProcessRoomLog>()));
            services.AddSingleton<IStartupFilter>(new RequestAbortedWatch("carol", hungUp));
        });
        await using var watcher = await server.JoinedAsync("watcher", json: true);
        await using var carol = await RawSocket.JoinAsync(server.BaseAddress, "carol");
        await watcher.ReceiveJsonUntilAsync("join");

        // The room is busy with carol's first message when her second, her close and her FIN arrive.
        log!.Hold();
        var firstAppended = log.AppendedAsync(command => command is SayCommand { Text: "first" });
        await carol.SendTextAsync("first");
        await firstAppended;
        await carol.SendTextAsync("second");
        await carol.WriteAsync(WsFrame.Close(1000, "bye"));
        carol.ShutdownSend();
        await hungUp.Task;
        log.Release();

        var texts = new List<string>();
        JsonElement frame;
        while ((frame = await watcher.ReceiveJsonAsync()).GetProperty("type").GetString() != "leave")
        {
            if (frame.GetProperty("type").GetString() == "message")
            {
                texts.Add(frame.GetProperty("text").GetString()!);
            }
        }

        Assert.Equal(["first", "second"], texts);
        Assert.Equal("carol", frame.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Invalid_utf8_is_closed_with_1007_and_the_room_goes_on()
    {
        await using var server = ChatServer.OnKestrel();
        await using var watcher = await server.JoinedAsync("watcher");
        await using var bad = await server.JoinedAsync("bad");

        await bad.Socket.SendAsync(new byte[] { 0x68, 0xC3, 0x28, 0xFF }, WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

        var (status, _) = await bad.ReceiveCloseAsync();
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, status);
        await watcher.ReceiveUntilAsync(t => t == "*** bad left (1 online)");
        await using var other = await server.JoinedAsync("other");
        await other.SendAsync("still here");
        Assert.Equal("other: still here", await watcher.ReceiveUntilAsync(t => t.StartsWith("other:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_binary_frame_is_closed_with_1003_on_a_real_socket()
    {
        await using var server = ChatServer.OnKestrel();
        await using var member = await server.JoinedAsync("binary");

        await member.Socket.SendAsync(new byte[] { 0, 1 }, WebSocketMessageType.Binary, true, TestContext.Current.CancellationToken);

        var (status, reason) = await member.ReceiveCloseAsync();
        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, status);
        Assert.Equal("binary frames are not supported", reason);
    }

    /// <summary>Tells when Kestrel reports the named member's connection ended (a FIN is enough).</summary>
    private sealed class RequestAbortedWatch(string name, TaskCompletionSource ended) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, rest) =>
            {
                if (context.Request.Query["name"] == name)
                {
                    context.RequestAborted.Register(() => ended.TrySetResult());
                }

                return rest(context);
            });
            next(app);
        };
    }

    private static async Task<List<ReceivedMessage>> CollectMessagesAsync(TestMember receiver, int count)
    {
        var messages = new List<ReceivedMessage>();
        while (messages.Count < count)
        {
            var element = await receiver.ReceiveJsonUntilAsync("message");
            messages.Add(new ReceivedMessage(element.GetProperty("id").GetInt64(), element.GetProperty("from").GetString()!, element.GetProperty("text").GetString()!));
        }

        return messages;
    }

    private static async Task DisposeAllAsync(IEnumerable<TestMember> members)
    {
        foreach (var member in members)
        {
            await member.DisposeAsync();
        }
    }

    private sealed record ReceivedMessage(long Id, string From, string Text);
}
