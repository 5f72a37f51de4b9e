using System.Collections.Concurrent;
using System.Text.Json;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// Redis, two in-process instances sharing it, and JSON members spread over both, each keeping
/// its transcript: the set-up every fault test starts from and the checks it ends with.
/// </summary>
public sealed class TwoInstanceRoom : IAsyncDisposable
{
    private readonly RedisServer? _redis;

    private TwoInstanceRoom(RedisServer? redis, ChatServer a, ChatServer b)
    {
        _redis = redis;
        A = a;
        B = b;
    }

    /// <summary>The room's own redis-server (not for a room on a <see cref="RedisCluster"/> the test owns).</summary>
    public RedisServer Redis => _redis ?? throw new InvalidOperationException("this room runs on Redis the test owns");

    public ChatServer A { get; }

    public ChatServer B { get; }

    public List<Transcript> Members { get; } = [];

    /// <summary>Every message <see cref="ChatUntilAsync"/> sent, each member's in the order it sent them.</summary>
    public ConcurrentQueue<SaidMessage> Said { get; } = new();

    public static async Task<TwoInstanceRoom> StartAsync(int membersPerInstance = 3, bool appendOnly = false, string instanceTimeout = "00:00:03")
    {
        var redis = await RedisServer.StartAsync(appendOnly, TestContext.Current.CancellationToken);
        return await StartAsync(redis, redis.ConnectionString, membersPerInstance, instanceTimeout);
    }

    /// <summary>The same room on Redis the test owns and disposes itself, e.g. a <see cref="RedisCluster"/>.</summary>
    public static Task<TwoInstanceRoom> StartOnAsync(string configuration, int membersPerInstance = 3, string instanceTimeout = "00:00:03") =>
        StartAsync(redis: null, configuration, membersPerInstance, instanceTimeout);

    private static async Task<TwoInstanceRoom> StartAsync(RedisServer? redis, string configuration, int membersPerInstance, string instanceTimeout)
    {
        var (a, b) = await RedisInstances.StartTwoAsync(configuration, instanceTimeout);
        var room = new TwoInstanceRoom(redis, a, b);
        for (var i = 0; i < membersPerInstance * 2; i++)
        {
            room.Members.Add(await Transcript.JoinAsync(i % 2 == 0 ? a : b, $"m{i}"));
        }

        return room;
    }

    /// <summary>
    /// Sends one message and waits for its one answer: the ack (its id) or error <c>unavailable</c>
    /// (null). Anything else for this member on the way is kept in its transcript.
    /// </summary>
    public static async Task<long?> SayAsync(Transcript member, string text)
    {
        await member.Member.SendAsync(text);
        var answer = await member.ReadUntilAsync(frame => RedisInstances.TypeOf(frame) == "ack"
            || (RedisInstances.TypeOf(frame) == "error" && frame.GetProperty("code").GetString() == "unavailable"));
        return RedisInstances.IdOf(answer);
    }

    /// <summary>Each member says something until <paramref name="until"/> completes; returns (acked, unavailable).</summary>
    public async Task<(int Acked, int Unavailable)> ChatUntilAsync(Task until)
    {
        var answers = await Task.WhenAll(Members.Select(async member =>
        {
            var (acked, unavailable) = (0, 0);
            var n = 0;
            while (!until.IsCompleted)
            {
                var text = $"{member.Member.Name} says {n++}";
                var id = await SayAsync(member, text);
                Said.Enqueue(new SaidMessage(member, text, id));
                if (id is null)
                {
                    unavailable++;
                }
                else
                {
                    acked++;
                }
            }

            return (acked, unavailable);
        }));
        await until;
        return (answers.Sum(a => a.acked), answers.Sum(a => a.unavailable));
    }

    /// <summary>
    /// One last message from every member, acked (retried past <c>unavailable</c> while Redis
    /// comes back), then every transcript read through the newest: each must be gap-free.
    /// </summary>
    public async Task AssertEveryoneGapFreeAsync()
    {
        long newest = 0;
        foreach (var member in Members)
        {
            for (var attempt = 0; ; attempt++)
            {
                if (await SayAsync(member, $"{member.Member.Name} is done") is { } id)
                {
                    newest = Math.Max(newest, id);
                    break;
                }

                Assert.True(attempt < 20, $"{member.Member.Name}: still unavailable after {attempt} attempts");
            }
        }

        await Task.WhenAll(Members.Select(member => member.ReadThroughAsync(newest)));
        foreach (var member in Members)
        {
            member.AssertGapFree();
        }
    }

    /// <summary>
    /// One true answer for each message in <see cref="Said"/>, against transcripts read through the
    /// newest (<see cref="AssertEveryoneGapFreeAsync"/> first): an acked one is in every transcript
    /// exactly once under its id (the ack for its sender, the message for everyone else), each
    /// sender's in the order it sent them; one refused as <c>unavailable</c> is in none.
    /// </summary>
    public void AssertOneAnswerEach()
    {
        foreach (var member in Members)
        {
            var delivered = member.Events.Where(e => RedisInstances.TypeOf(e) == "message")
                .Select(e => e.GetProperty("text").GetString()).ToHashSet(StringComparer.Ordinal);
            foreach (var said in Said)
            {
                if (said.Id is not { } id)
                {
                    Assert.False(delivered.Contains(said.Text), $"{member.Member.Name} got \"{said.Text}\", whose sender was told unavailable");
                    continue;
                }

                var events = member.Events.Where(e => RedisInstances.IdOf(e) == id).ToList();
                Assert.True(events.Count == 1, $"{member.Member.Name} got id {id} ({said.Text}) {events.Count} times");
                if (said.From == member)
                {
                    Assert.Equal("ack", RedisInstances.TypeOf(events[0]));
                }
                else
                {
                    Assert.Equal(said.Text, events[0].GetProperty("text").GetString());
                }
            }
        }

        foreach (var sender in Said.GroupBy(said => said.From))
        {
            var ids = sender.Where(said => said.Id is not null).Select(said => said.Id!.Value).ToArray();
            Assert.True(ids.SequenceEqual(ids.Order()), $"{sender.Key.Member.Name}: acked out of order [{string.Join(",", ids)}]");
        }
    }

    public static async Task<JsonElement> RoomAsync(ChatServer server)
    {
        using var http = server.CreateHttpClient();
        return JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/room", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members)
        {
            await member.Member.DisposeAsync();
        }

        await A.DisposeAsync();
        await B.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}

/// <summary>A message a member sent and its answer: its room id when acked, null when refused as unavailable.</summary>
public sealed record SaidMessage(Transcript From, string Text, long? Id);
