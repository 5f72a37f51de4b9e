using BenchmarkDotNet.Attributes;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Wire;

namespace ChatRoom.Bench.Micro;

/// <summary>
/// Rendering one room event to bytes: done once per event and format, whatever the member count,
/// so its cost is per message, not per delivery.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
public class EncodeBenchmarks
{
    private SequencedEvent _message = null!;
    private SequencedEvent _join = null!;

    [GlobalSetup]
    public void Setup()
    {
        var ts = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        _message = new SequencedEvent(42, ts, new ChatMessage("bench-3", new string('x', 64), IsAction: false), 3);
        _join = new SequencedEvent(43, ts, new MemberJoined("bench-4", 1000), 4);
    }

    [Benchmark(Baseline = true)]
    public byte[] PlainTextMessage() => PlainTextWire.Encode(_message);

    [Benchmark]
    public byte[] PlainTextJoin() => PlainTextWire.Encode(_join);

    [Benchmark]
    public byte[] JsonMessage() => JsonWire.Encode(_message);

    [Benchmark]
    public byte[] JsonAck() => JsonWire.EncodeAck(_message);

    /// <summary>What the fan-out does per event: wrap, then encode lazily on first use.</summary>
    [Benchmark]
    public int EncodedEventPlainText() => new EncodedEvent(_message).For(WireFormat.PlainText).Length;
}
