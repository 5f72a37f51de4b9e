using System.Text;
using System.Threading.Channels;
using ChatRoom.Names;
using ChatRoom.Transport;

namespace ChatRoom.Tests.Unit;

/// <summary>
/// A member's socket in unit tests: records every frame as it is written, can hold writes back
/// (a socket that does not take them at once) and can fail them (a peer that is gone).
/// </summary>
internal sealed class RecordingFrameWriter : IFrameWriter
{
    private readonly Channel<string> _written = Channel.CreateUnbounded<string>();
    private TaskCompletionSource? _held;
    private int _writes;
    private int _writing;
    private int _mostWritesAtOnce;

    /// <summary>Calls to the transport, however many frames each carried.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>The most calls that were ever inside the transport together: the pump allows one.</summary>
    public int MostWritesAtOnce => Volatile.Read(ref _mostWritesAtOnce);

    /// <summary>Thrown by every write from now on.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Writes from now on do not complete until <see cref="ReleaseWrites"/>.</summary>
    public void HoldWrites() => _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseWrites() => Interlocked.Exchange(ref _held, null)?.TrySetResult();

    public ValueTask WriteAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        WriteAsync(new[] { frame }, cancellationToken);

    public ValueTask WriteAsync(ReadOnlyMemory<ReadOnlyMemory<byte>> frames, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
        {
            throw failure;
        }

        Interlocked.Increment(ref _writes);
        var writing = Interlocked.Increment(ref _writing);
        InterlockedMax(ref _mostWritesAtOnce, writing);
        foreach (var frame in frames.Span)
        {
            _written.Writer.TryWrite(Encoding.UTF8.GetString(frame.Span));
        }

        Interlocked.Decrement(ref _writing);

        return Volatile.Read(ref _held) is { } held ? new ValueTask(held.Task.WaitAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    private static void InterlockedMax(ref int location, int value)
    {
        var current = Volatile.Read(ref location);
        while (value > current && Interlocked.CompareExchange(ref location, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    /// <summary>What was written so far and not taken yet.</summary>
    public List<string> Take()
    {
        var frames = new List<string>();
        while (_written.Reader.TryRead(out var frame))
        {
            frames.Add(frame);
        }

        return frames;
    }

    /// <summary>Waits until something is written, then takes it.</summary>
    public async Task<List<string>> NextAsync()
    {
        await _written.Reader.WaitToReadAsync(TestContext.Current.CancellationToken);
        return Take();
    }
}
