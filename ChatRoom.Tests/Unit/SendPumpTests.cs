using System.Diagnostics.Metrics;
using System.Text;
using ChatRoom.Diagnostics;
using ChatRoom.Log;
using ChatRoom.Members;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Transport;
using ChatRoom.Wire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Tests.Unit;

/// <summary>
/// The member's send pump: frames are written in queue order by one writer at a time, on the
/// delivering thread while the socket takes them at once, and after a held write from its continuation.
/// </summary>
public sealed class SendPumpTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingFrameWriter _socket = new();
    private readonly Member _member;

    public SendPumpTests() => _member = NewMember(eventLimit: 8);

    public void Dispose()
    {
        _member.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void Frames_queued_before_sending_starts_go_first_in_one_write_then_each_new_one_at_once()
    {
        Deliver("a", "b");
        Assert.Empty(_socket.Take());

        Start();
        Assert.Equal(["a", "b"], _socket.Take());
        Assert.Equal(1, _socket.Writes);

        Deliver("c");
        Assert.Equal(["c"], _socket.Take());
        Assert.Equal(0, _member.Outbox.Count);
    }

    [Fact]
    public async Task What_is_queued_behind_a_write_the_socket_did_not_take_at_once_follows_it_in_order()
    {
        Start();
        _socket.HoldWrites();
        Deliver("a");
        Assert.Equal(["a"], _socket.Take());

        Deliver("b", "c");
        Assert.Empty(_socket.Take());
        Assert.Equal(2, _member.Outbox.Count);

        _socket.ReleaseWrites();
        Assert.Equal(["b", "c"], await _socket.NextAsync());
        Assert.Equal(2, _socket.Writes);
    }

    [Fact]
    public void While_a_write_is_held_the_stall_clock_runs_and_past_the_limit_the_member_is_too_slow()
    {
        using var member = NewMember(eventLimit: 2);
        var socket = new RecordingFrameWriter();
        member.StartSending(socket, Metrics());
        socket.HoldWrites();

        Assert.Equal(Delivery.Queued, member.Deliver(Frame("held")));
        Assert.Equal(Delivery.Queued, member.Deliver(Frame("1")));
        Assert.Equal(Delivery.Queued, member.Deliver(Frame("2")));
        Assert.Equal(Delivery.Queued, member.Deliver(Frame("3")));

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(Delivery.Overflowed, member.Deliver(Frame("4")));
        Assert.Same(CloseRequest.TooSlow, member.Outbox.Close);
    }

    [Fact]
    public async Task Stopping_waits_for_the_write_under_way_then_writes_what_is_left()
    {
        await StopBehindAHeldWriteAsync(CloseRequest.ClientClosed);

        Assert.Equal(["a", "b"], _socket.Take());
        Assert.Equal(Delivery.Closed, _member.Deliver(Frame("after the close")));
        Assert.Empty(_socket.Take());
    }

    [Fact]
    public async Task A_close_that_discards_drops_what_is_left_after_the_write_under_way()
    {
        await StopBehindAHeldWriteAsync(CloseRequest.TooSlow);

        Assert.Equal(["a"], _socket.Take());
    }

    [Fact]
    public async Task A_peer_that_is_gone_aborts_the_member_and_nothing_more_is_written()
    {
        Start();
        _socket.Failure = new IOException("connection reset");
        Deliver("a");
        Assert.True(_member.Aborted.IsCancellationRequested);

        _socket.Failure = null;
        Deliver("b");
        _member.RequestClose(CloseRequest.ConnectionLost);
        await _member.StopSendingAsync();
        Assert.Empty(_socket.Take());
        Assert.Equal(0, _socket.Writes);
    }

    [Fact]
    public async Task A_failure_that_is_not_a_disconnect_is_reported_when_sending_stops()
    {
        Start();
        _socket.Failure = new InvalidOperationException("bug in the transport");
        Deliver("a");
        Assert.True(_member.Aborted.IsCancellationRequested);

        _member.RequestClose(CloseRequest.ConnectionLost);
        await Assert.ThrowsAsync<InvalidOperationException>(_member.StopSendingAsync);
    }

    [Fact]
    public async Task Many_threads_delivering_at_once_each_frame_is_written_once_and_each_threads_order_is_kept()
    {
        using var member = NewMember(eventLimit: 1_000_000);
        var socket = new RecordingFrameWriter();
        member.StartSending(socket, Metrics());
        const int Threads = 4, PerThread = 5_000;

        using var start = new Barrier(Threads);
        var delivering = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                for (var i = 0; i < PerThread; i++)
                {
                    Assert.Equal(Delivery.Queued, member.Deliver(Frame($"{t}:{i}")));
                }
            },
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(delivering);

        var written = socket.Take();
        Assert.Equal(Threads * PerThread, written.Count);
        Assert.Equal(1, socket.MostWritesAtOnce);
        var next = new int[Threads];
        foreach (var frame in written)
        {
            var parts = frame.Split(':');
            var thread = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(next[thread]++, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private Member NewMember(int eventLimit) =>
        new(new MemberKey("test", 1), WireFormat.PlainText, "test", _time.GetUtcNow(), new Outbox(eventLimit, 1024 * 1024, TimeSpan.FromSeconds(5), _time), TimeSpan.FromSeconds(1));

    private ChatMetrics Metrics() => new(_services.GetRequiredService<IMeterFactory>());

    private void Start() => _member.StartSending(_socket, Metrics());

    /// <summary>"a" written but held, "b" queued behind it, the member closed, then the write released and sending stopped.</summary>
    private async Task StopBehindAHeldWriteAsync(CloseRequest close)
    {
        Start();
        _socket.HoldWrites();
        Deliver("a", "b");
        _member.RequestClose(close);

        var stopping = _member.StopSendingAsync();
        Assert.False(stopping.IsCompleted, "a write is under way");
        _socket.ReleaseWrites();
        await stopping;
    }

    private void Deliver(params string[] frames)
    {
        foreach (var frame in frames)
        {
            Assert.Equal(Delivery.Queued, _member.Deliver(Frame(frame)));
        }
    }

    private static ReadOnlyMemory<byte> Frame(string text) => Encoding.UTF8.GetBytes(text);
}
