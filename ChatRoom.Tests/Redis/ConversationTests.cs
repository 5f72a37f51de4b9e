using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Redis;

/// <summary>One conversation across instances: one id sequence, and resume on either instance.</summary>
public sealed class ConversationTests
{
    private const string AdminKey = "test-admin-key";

    [Fact]
    public async Task Every_member_on_both_instances_gets_the_same_gap_free_sequence()
    {
        const int MembersPerInstance = 20;
        const int Senders = 10;
        const int MessagesPerSender = 100;
        await using var redis = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var (a, b) = await RedisInstances.StartTwoAsync(redis);
        await using var _ = a;
        await using var __ = b;

        var transcripts = new List<Transcript>();
        for (var i = 0; i < MembersPerInstance * 2; i++)
        {
            transcripts.Add(await Transcript.JoinAsync(i % 2 == 0 ? a : b, $"m{i}"));
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            // Senders alternate between the instances; each pipelines its messages without waiting for acks.
            var sending = transcripts.Take(Senders).Select(async sender =>
            {
                for (var n = 0; n < MessagesPerSender; n++)
                {
                    await sender.Member.SendAsync($"{sender.Member.Name} {n}");
                }
            });
            var reading = transcripts.Select(async transcript =>
            {
                var messages = 0;
                await transcript.ReadUntilAsync(frame =>
                    RedisInstances.TypeOf(frame) is "message" or "ack" && ++messages == Senders * MessagesPerSender);
            });
            await Task.WhenAll(sending.Concat(reading));

            var newest = transcripts[^1].NewestId;
            foreach (var transcript in transcripts)
            {
                transcript.AssertGapFree();
                Assert.Equal(newest, transcript.NewestId);
            }

            // The same message under the same id everywhere: one conversation, not one per instance.
            var reference = transcripts[^1].Events.Where(e => RedisInstances.TypeOf(e) == "message")
                .ToDictionary(e => e.GetProperty("id").GetInt64(), e => e.GetProperty("text").GetString());
            foreach (var transcript in transcripts.Take(transcripts.Count - 1))
            {
                foreach (var message in transcript.Events.Where(e => RedisInstances.TypeOf(e) == "message"))
                {
                    Assert.Equal(reference.GetValueOrDefault(message.GetProperty("id").GetInt64(), message.GetProperty("text").GetString()), message.GetProperty("text").GetString());
                }
            }

            // One script per room event: the appends are evalsha (eval once per script and
            // connection), beside heartbeats, loads and gap reads, never one command per member.
            var stats = await redis.CommandStatsAsync(TestContext.Current.CancellationToken);
            var scripts = stats.GetValueOrDefault("evalsha")?.Calls + stats.GetValueOrDefault("eval")?.Calls;
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{Senders * MessagesPerSender} messages to {transcripts.Count} members in {clock.Elapsed}; scripts run: {scripts} for {newest} events; commands: {string.Join(", ", stats.Select(s => $"{s.Key}={s.Value.Calls}"))}");
            Assert.True(scripts < newest + 200, $"{scripts} scripts for {newest} events");
        }
        finally
        {
            foreach (var transcript in transcripts)
            {
                await transcript.Member.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_member_resuming_on_the_other_instance_gets_exactly_the_events_it_missed()
    {
        await using var redis = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var (a, b) = await RedisInstances.StartTwoAsync(redis, extra: new() { ["Chat:AdminKey"] = AdminKey });
        await using var _ = a;
        await using var __ = b;
        var witness = await Transcript.JoinAsync(a, "witness");
        await using var witnessMember = witness.Member;
        var talker = await Transcript.JoinAsync(b, "talker");
        await using var talkerMember = talker.Member;
        var leaver = await Transcript.JoinAsync(a, "leaver");
        var welcome = JsonDocument.Parse((await a.CreateHttpClient().GetStringAsync(new Uri("/api/room", UriKind.Relative), TestContext.Current.CancellationToken))).RootElement;
        var epoch = welcome.GetProperty("epoch").GetString();
        await witness.ReadThroughAsync(leaver.Last);
        var since = leaver.Last;
        await leaver.Member.CloseAsync();
        await leaver.Member.DisposeAsync();

        // 50 events of every kind, from both instances: its own leave, 20 messages and actions,
        // 10 joins and 10 leaves, 4 renames, 5 notices.
        for (var i = 0; i < 10; i++)
        {
            await talker.Member.SendAsync(i % 2 == 0 ? $"message {i}" : $"/me waves {i}");
            await talker.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "ack");
            await witness.Member.SendAsync($"reply {i}");
            await witness.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "ack");
        }

        for (var i = 0; i < 10; i++)
        {
            await using var visitor = await (i % 2 == 0 ? a : b).JoinedAsync($"visitor{i}");
            await visitor.CloseAsync();
            await witness.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "leave");
        }

        for (var i = 0; i < 5; i++)
        {
            if (i < 4)
            {
                await talker.Member.SendAsync($"/nick talker{i}");
                await witness.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "rename");
            }

            using var http = (i % 2 == 0 ? a : b).CreateHttpClient();
            using var post = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
            {
                Content = new StringContent($$"""{"text":"notice {{i}}"}""", Encoding.UTF8, "application/json"),
            };
            post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
            (await http.SendAsync(post, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
            await witness.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "notice");
        }

        var missedByWitness = witness.Events.Where(e => RedisInstances.IdOf(e) > since).ToArray();
        Assert.Equal(50, missedByWitness.Length);

        await using var back = await b.JoinAsync("leaver", json: true, query: $"since={since}&epoch={epoch}");
        var resumed = JsonDocument.Parse((await back.ReadWelcomeAsync())[^1]).RootElement;

        Assert.True(resumed.GetProperty("resumed").GetBoolean());
        Assert.Equal(50, resumed.GetProperty("missed").GetInt32());
        var history = resumed.GetProperty("history").EnumerateArray().ToArray();
        Assert.Equal(missedByWitness.Select(e => (RedisInstances.IdOf(e), RedisInstances.TypeOf(e) == "ack" ? "message" : RedisInstances.TypeOf(e))),
            history.Select(e => (RedisInstances.IdOf(e), RedisInstances.TypeOf(e))));
        Assert.Equal(missedByWitness[^1].GetProperty("id").GetInt64() + 1, resumed.GetProperty("last").GetInt64());
        witness.AssertGapFree();
    }
}
