using System.Text.Json;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// What one JSON member received after its welcome: every frame with a room id (events, acks),
/// in arrival order. The checks every Redis test ends with: gap-free and duplicate-free.
/// </summary>
public sealed class Transcript(TestMember member, long last)
{
    private readonly List<JsonElement> _events = [];

    public TestMember Member { get; } = member;

    /// <summary>The welcome's <c>last</c>: the transcript starts right after it.</summary>
    public long Last { get; } = last;

    public IReadOnlyList<JsonElement> Events => _events;

    public IEnumerable<long> Ids => _events.Select(e => RedisInstances.IdOf(e)!.Value);

    public long NewestId => _events.Count > 0 ? RedisInstances.IdOf(_events[^1])!.Value : Last;

    /// <summary>Joins and reads the welcome; its <c>last</c> starts the transcript.</summary>
    public static async Task<Transcript> JoinAsync(ChatServer server, string name, string? query = null)
    {
        var member = await server.JoinAsync(name, json: true, query: query);
        var frames = await member.ReadWelcomeAsync();
        var welcome = JsonDocument.Parse(frames[^1]).RootElement;
        return new Transcript(member, welcome.GetProperty("last").GetInt64());
    }

    /// <summary>Reads frames, keeping those with ids, until <paramref name="done"/> holds; returns the frame that made it hold.</summary>
    public async Task<JsonElement> ReadUntilAsync(Func<JsonElement, bool> done)
    {
        while (true)
        {
            var frame = await Member.ReceiveJsonAsync();
            if (RedisInstances.IdOf(frame) is not null)
            {
                _events.Add(frame);
            }

            if (done(frame))
            {
                return frame;
            }
        }
    }

    /// <summary>Reads until the event with id <paramref name="id"/> (or a later one) has arrived.</summary>
    public Task ReadThroughAsync(long id) =>
        NewestId >= id ? Task.CompletedTask : ReadUntilAsync(frame => RedisInstances.IdOf(frame) >= id);

    /// <summary>Every id from <see cref="Last"/> + 1 on, once each, in order.</summary>
    public void AssertGapFree()
    {
        var ids = Ids.ToArray();
        var expected = Enumerable.Range(0, ids.Length).Select(i => Last + 1 + i).ToArray();
        Assert.True(expected.SequenceEqual(ids), $"{Member.Name}: after {Last} expected a gap-free sequence, got [{string.Join(",", ids)}]");
    }
}
