using BenchmarkDotNet.Attributes;
using ChatRoom.Model;
using ChatRoom.Rooms;
using ChatRoom.Wire;

namespace ChatRoom.Bench.Micro;

/// <summary>
/// The room's share of one join into a room of 10,000: the joiner's welcome (100 names listed, the
/// rest counted, no history) and the roster taking a member in and out beyond its listed names.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
public class JoinBenchmarks
{
    private const int Members = 10_000;
    private readonly Roster _roster = new();
    private Welcome _welcome = null!;

    [GlobalSetup]
    public void Setup()
    {
        for (var id = 1; id <= Members; id++)
        {
            _roster.Add(new MemberKey("bench", id), $"bench-{id}");
        }

        _welcome = new Welcome("bench-10001", Members + 1, _roster.View.Listed, [], 4096, "k3J9xQ2a", Members, null);
    }

    [Benchmark(Baseline = true)]
    public int PlainTextWelcome() => WelcomeBudget.Encode(_welcome, WireFormat.PlainText, 262_144).Length;

    [Benchmark]
    public int JsonWelcome() => WelcomeBudget.Encode(_welcome, WireFormat.Json, 262_144).Length;

    /// <summary>A member joining and leaving a room of 10,000, as its reader applies both.</summary>
    [Benchmark]
    public int RosterJoinAndLeave()
    {
        var key = new MemberKey("bench", Members + 1);
        _roster.Add(key, "bench-late");
        _roster.Remove(key);
        return _roster.View.Online;
    }
}
