using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using ChatRoom.Diagnostics;
using ChatRoom.Log;
using ChatRoom.Members;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Rooms;
using ChatRoom.Transport;
using ChatRoom.Wire;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatRoom.Bench.Micro;

/// <summary>
/// One message to N members through the real <see cref="RoomFanOut"/>: encode once, enqueue to
/// every outbox. Each operation also drains the outboxes (what the members' send pumps do), so
/// the queues stay below their limit; the per-delivery cost is the time divided by N.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
public class FanOutBenchmarks
{
    // Static: meters live as long as the benchmark process, and a disposable field would make this class disposable.
    private static readonly MeterFactory Meters = new();

    private RoomFanOut _fanOut = null!;
    private Member[] _members = [];
    private long _id;

    [Params(100, 1000, 10_000)]
    public int Members { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UnixEpoch;
        _members = new Member[Members];
        for (var i = 0; i < Members; i++)
        {
            var outbox = new Outbox(256, 1024 * 1024, TimeSpan.FromSeconds(5), TimeProvider.System);
            _members[i] = new Member(new MemberKey("bench", i + 1), WireFormat.PlainText, "127.0.0.1", now, outbox, TimeSpan.FromSeconds(1));
        }

        _fanOut = new RoomFanOut(new ChatMetrics(Meters), NullLogger<RoomFanOut>.Instance);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var m in _members)
        {
            m.Dispose();
        }
    }

    [Benchmark]
    public void DeliverMessageToAll()
    {
        var id = ++_id;
        var message = new SequencedEvent(id, DateTimeOffset.UnixEpoch, new ChatMessage("bench-0", "@@m0/1/2@xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", false), 1);
        _fanOut.Enqueue(new EncodedEvent(message), _members);
        foreach (var m in _members)
        {
            while (m.Outbox.TryDequeue(out _))
            {
            }
        }
    }

    /// <summary>The smallest IMeterFactory: the benchmark has no host to give it one.</summary>
    private sealed class MeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
