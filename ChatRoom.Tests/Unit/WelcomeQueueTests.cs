using System.Diagnostics.Metrics;
using System.Text;
using ChatRoom.Diagnostics;
using ChatRoom.Log;
using ChatRoom.Members;
using ChatRoom.Model;
using ChatRoom.Transport;
using ChatRoom.Wire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Tests.Unit;

/// <summary>
/// The welcome goes through the member's outbox like any frame: first, ahead of the events queued
/// since the join; counted in the member's bytes and the process's; and closed as too slow when
/// the socket has not taken it within the send timeout. On a fake clock.
/// </summary>
public sealed class WelcomeQueueTests : IDisposable
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new();
    private readonly QueuedBytes _queued = new(limit: 1000);
    private readonly RecordingFrameWriter _socket = new();
    private readonly Member _member;

    public WelcomeQueueTests() =>
        _member = new(new MemberKey("test", 1), WireFormat.PlainText, "test", _time.GetUtcNow(), new Outbox(2, 1000, SendTimeout, _time, _queued), TimeSpan.FromSeconds(1));

    public void Dispose()
    {
        _member.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void The_welcome_is_written_first_then_what_was_queued_since_the_join_each_once()
    {
        Enqueue("event 1", "event 2");

        Start("history", "welcome");

        Assert.Equal(["history", "welcome", "event 1", "event 2"], _socket.Take());
        Enqueue("event 3");
        _member.Flush();
        Assert.Equal(["event 3"], _socket.Take());
    }

    [Fact]
    public void A_welcome_that_does_not_fit_beside_what_is_queued_closes_the_member_as_too_slow()
    {
        Enqueue(new string('e', 600));

        Start(new string('w', 500));

        Assert.Same(CloseRequest.TooSlow, _member.Outbox.Close);
        Assert.Empty(_socket.Take());
    }

    [Fact]
    public void A_welcome_the_socket_has_not_taken_within_the_send_timeout_closes_the_member_as_too_slow()
    {
        _socket.HoldWrites();
        Start("welcome");

        _time.Advance(SendTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Null(_member.Outbox.Close);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Same(CloseRequest.TooSlow, _member.Outbox.Close);
    }

    [Fact]
    public async Task A_welcome_written_in_time_leaves_the_member_alone_however_long_later_writes_take()
    {
        _socket.HoldWrites();
        Start("welcome");
        Assert.Equal(["welcome"], _socket.Take());
        _socket.ReleaseWrites();
        Assert.Equal(Delivery.Queued, _member.Deliver(Frame("event")));

        // Written only once the welcome's write has ended, whichever thread writes it.
        Assert.Equal(["event"], await _socket.NextAsync());
        _socket.HoldWrites();
        Assert.Equal(Delivery.Queued, _member.Deliver(Frame("held")));
        _time.Advance(SendTimeout * 2);
        Assert.Null(_member.Outbox.Close);
    }

    [Fact]
    public async Task The_process_counts_queued_bytes_until_their_write_has_ended()
    {
        _socket.HoldWrites();
        Start("welcome");
        Assert.Equal(7, _queued.Total);
        Assert.Equal(Delivery.Queued, _member.Deliver(Frame("event")));
        Assert.Equal(12, _queued.Total);

        _socket.ReleaseWrites();
        _member.RequestClose(CloseRequest.ClientClosed);
        await _member.StopSendingAsync();

        Assert.Equal(["welcome", "event"], _socket.Take());
        Assert.Equal(0, _queued.Total);
    }

    [Fact]
    public async Task A_gone_member_gives_back_what_it_still_had_queued_and_its_write_when_that_ends()
    {
        _socket.HoldWrites();
        Start("welcome");
        Assert.Equal(Delivery.Queued, _member.Deliver(Frame("behind")));
        Assert.Equal(13, _queued.Total);

        _member.Dispose();
        Assert.Equal(7, _queued.Total);

        _socket.ReleaseWrites();
        await _member.StopSendingAsync();
        Assert.Equal(0, _queued.Total);
    }

    [Fact]
    public void Past_the_process_bound_the_count_says_full()
    {
        var queued = new QueuedBytes(limit: 100);
        queued.Add(99);
        Assert.False(queued.IsFull);
        queued.Add(1);
        Assert.True(queued.IsFull);
        queued.Remove(1);
        Assert.False(queued.IsFull);
    }

    private void Start(params string[] welcome) =>
        _member.StartSending(_socket, new ChatMetrics(_services.GetRequiredService<IMeterFactory>()), [.. welcome.Select(Frame)]);

    private void Enqueue(params string[] frames)
    {
        foreach (var frame in frames)
        {
            Assert.Equal(Delivery.Queued, _member.Enqueue(Frame(frame)));
        }
    }

    private static ReadOnlyMemory<byte> Frame(string text) => Encoding.UTF8.GetBytes(text);
}
