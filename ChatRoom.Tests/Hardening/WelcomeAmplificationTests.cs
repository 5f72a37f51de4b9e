using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// A join costs what its welcome is bounded to (Chat:WelcomeMaxBytes), however long the history or
/// the resume, against the real server process: the attack in the issue (100 joins or resumes
/// that never read, into a room full of 4 KB emoji messages) grew it by 2.3–3.3 GB. A welcome is
/// held to the send timeout like any frame: one the socket does not take in time closes the member.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class WelcomeAmplificationTests
{
    private const int WelcomeMaxBytes = 256 * 1024;

    /// <summary>The bound the test holds the server to.</summary>
    private const long MaxGrowthBytes = 100L * 1024 * 1024;

    /// <summary>4,096 UTF-8 bytes (Chat:MaxMessageBytes): 100 of them are 400 KB of history, 1,000 of them 4 MB of resume.</summary>
    private static readonly string LongMessage = string.Concat(Enumerable.Repeat("\U0001F600", 1024));

    [Fact]
    public async Task A_hundred_joins_and_a_hundred_resumes_that_do_not_read_add_under_100_MB()
    {
        const int Joiners = 100, Resumers = 100;

        // The resume window holds every message and join: each resume could be answered in full.
        await using var server = await ServerProcess.StartAsync(
            "--Chat:RateLimit:MessagesPerSecond=1000000", "--Chat:RateLimit:Burst=1000000", "--Chat:ResumeWindow=2000", "--Chat:TrimMemoryWhenIdle=false");
        await using var room = await RoomOfLongMessagesAsync(server, messages: 1000, json: true);
        var welcome = room.Welcome;

        var before = ResidentBytes(server.Id);
        await using var peak = new PeakResidentBytes(server.Id);
        var silent = new List<RawSocket>();
        for (var i = 0; i < Resumers + Joiners; i++)
        {
            var resume = i < Resumers ? $"since={welcome.GetProperty("last").GetInt64()}&epoch={welcome.GetProperty("epoch").GetString()}" : null;
            silent.Add(await RawSocket.JoinAsync(server.BaseAddress, $"silent {i}", receiveBufferSize: 4096, subProtocol: "chatroom.v1.json", query: resume));
        }

        // Only now read what each was sent: by then the server has sent or is holding every welcome.
        for (var i = 0; i < silent.Count; i++)
        {
            var frame = await silent[i].ReadFrameAsync();
            Assert.NotNull(frame);
            Assert.InRange(frame.Payload.Length, 1, WelcomeMaxBytes);
            var json = System.Text.Json.JsonDocument.Parse(frame.Payload).RootElement;
            Assert.Equal("welcome", json.GetProperty("type").GetString());
            Assert.True(json.GetProperty("history").GetArrayLength() > 0, "the newest history that fits");
            if (i < Resumers)
            {
                Assert.False(json.GetProperty("resumed").GetBoolean(), "1,000 missed messages do not fit in 256 KiB");
            }
        }

        var growth = await peak.StopAsync() - before;
        TestContext.Current.TestOutputHelper?.WriteLine($"RSS before {before / 1024 / 1024} MiB, peak growth {growth / 1024 / 1024} MiB");
        Assert.True(growth < MaxGrowthBytes, $"RSS grew by {growth / 1024 / 1024} MiB");
        foreach (var socket in silent)
        {
            await socket.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_welcome_the_socket_does_not_take_within_the_send_timeout_closes_the_member_as_too_slow()
    {
        const int Silent = 5;

        // A welcome of 8 MB of history: more than the kernel's socket buffers take from a peer that
        // does not read. No keep-alive within the test: only the send timeout can close them.
        await using var server = await ServerProcess.StartAsync(
            "--Chat:RateLimit:MessagesPerSecond=1000000", "--Chat:RateLimit:Burst=1000000", "--Chat:HistorySize=2000",
            "--Chat:WelcomeMaxBytes=33554432", "--Chat:SendQueueBytes=33554432", "--Chat:KeepAliveInterval=00:10:00");
        await using var room = await RoomOfLongMessagesAsync(server, messages: 2000, json: false);

        var silent = new List<RawSocket>();
        for (var i = 0; i < Silent; i++)
        {
            silent.Add(await RawSocket.JoinAsync(server.BaseAddress, $"silent {i}", receiveBufferSize: 4096));
        }

        for (var left = 0; left < Silent;)
        {
            var line = await room.Watcher.ReceiveAsync();
            left += line.StartsWith("*** silent ", StringComparison.Ordinal) && line.Contains(" left ", StringComparison.Ordinal) ? 1 : 0;
        }

        for (var i = 0; i < Silent; i++)
        {
            await server.WaitForOutputAsync($"silent {i}", "too slow");
            await silent[i].DisposeAsync();
        }
    }

    /// <summary>A watcher, and a sender that has filled the history: in steps the watcher's send queue (1 MiB) holds.</summary>
    private static async Task<Room> RoomOfLongMessagesAsync(ServerProcess server, int messages, bool json)
    {
        var socketUri = new UriBuilder(new Uri(server.BaseAddress, "/ws")) { Scheme = "ws" }.Uri;
        var watcher = await TestMember.ConnectAsync(new Uri(socketUri + "?name=watcher"), json);
        var welcome = json ? await watcher.ReceiveJsonUntilAsync("welcome") : default;
        if (!json)
        {
            await watcher.ReadWelcomeAsync();
        }

        var sender = await TestMember.ConnectAsync(new Uri(socketUri + "?name=sender"));
        await sender.ReadWelcomeAsync();
        const int Step = 40;
        for (var sent = 0; sent < messages; sent += Step)
        {
            for (var i = 0; i < Step; i++)
            {
                await sender.SendAsync(LongMessage);
            }

            for (var received = 0; received < Step;)
            {
                var frame = await watcher.ReceiveAsync();
                received += frame.StartsWith("sender: ", StringComparison.Ordinal) || frame.StartsWith("{\"type\":\"message\"", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        return new Room(watcher, sender, welcome);
    }

    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    private sealed record Room(TestMember Watcher, TestMember Sender, System.Text.Json.JsonElement Welcome) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Watcher.DisposeAsync();
            await Sender.DisposeAsync();
        }
    }

    /// <summary>The largest RSS seen while it runs: welcomes are held between the upgrade and their write, at no one moment the test can name.</summary>
    private sealed class PeakResidentBytes : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<long> _sampling;

        public PeakResidentBytes(int pid) => _sampling = SampleAsync(pid, _stop.Token);

        public async Task<long> StopAsync()
        {
            await _stop.CancelAsync();
            return await _sampling;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _sampling;
            _stop.Dispose();
        }

        private static async Task<long> SampleAsync(int pid, CancellationToken stop)
        {
            var peak = 0L;
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            try
            {
                do
                {
                    peak = Math.Max(peak, ResidentBytes(pid));
                }
                while (await timer.WaitForNextTickAsync(stop));
            }
            catch (OperationCanceledException)
            {
            }

            return Math.Max(peak, ResidentBytes(pid));
        }
    }
}
