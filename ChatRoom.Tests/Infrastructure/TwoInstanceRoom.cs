using System.Text.Json;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// Redis, two in-process instances sharing it, and JSON members spread over both, each keeping
/// its transcript: the set-up every fault test starts from and the checks it ends with.
/// </summary>
public sealed class TwoInstanceRoom : IAsyncDisposable
{
    private TwoInstanceRoom(RedisServer redis, ChatServer a, ChatServer b)
    {
        Redis = redis;
        A = a;
        B = b;
    }

    public RedisServer Redis { get; }

    public ChatServer A { get; }

    public ChatServer B { get; }

    public List<Transcript> Members { get; } = [];

    public static async Task<TwoInstanceRoom> StartAsync(int membersPerInstance = 3, bool appendOnly = false, string instanceTimeout = "00:00:03")
    {
        var redis = await RedisServer.StartAsync(appendOnly, TestContext.Current.CancellationToken);
        var (a, b) = await RedisInstances.StartTwoAsync(redis, instanceTimeout);
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
                if (await SayAsync(member, $"{member.Member.Name} says {n++}") is null)
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
        await Redis.DisposeAsync();
    }
}
