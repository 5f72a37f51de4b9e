using System.Diagnostics.Metrics;
using System.Text;
using ChatRoom.Diagnostics;
using ChatRoom.Members;
using ChatRoom.Model;
using ChatRoom.Tests.Infrastructure;
using ChatRoom.Transport;
using ChatRoom.Wire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Tests.Unit;

/// <summary>
/// <c>Chat:WriteDelay</c>: a send pump with frames waits up to the delay, so what is queued meanwhile
/// goes in one write, in order; 0 writes at once; the send timeout and stopping work as without it.
/// </summary>
public sealed class WriteCoalescerTests : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(5);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new();
    private readonly WriteCoalescer _coalescer;
    private readonly List<Member> _members = [];

    public WriteCoalescerTests() => _coalescer = new WriteCoalescer(Delay, _time);

    public void Dispose()
    {
        _coalescer.Dispose();
        foreach (var member in _members)
        {
            member.Dispose();
        }

        _services.Dispose();
    }

    [Fact]
    public void Frames_queued_within_the_delay_go_in_one_write_in_order_once_it_has_passed()
    {
        var (member, socket) = Started();

        Deliver(member, "a", "b", "c");
        _time.Advance(Delay - TimeSpan.FromMilliseconds(1));
        Assert.Empty(socket.Take());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["a", "b", "c"], socket.Take());
        Assert.Equal(1, socket.Writes);
    }

    [Fact]
    public void With_a_delay_of_0_each_frame_is_written_at_once()
    {
        using var immediate = new WriteCoalescer(TimeSpan.Zero, _time);
        var (member, socket) = Started(immediate);

        Deliver(member, "a");
        Assert.Equal(["a"], socket.Take());
        Deliver(member, "b");
        Assert.Equal(["b"], socket.Take());
        Assert.Equal(2, socket.Writes);
    }

    [Fact]
    public void Every_member_that_waits_in_a_round_is_written_when_it_ends()
    {
        var (first, firstSocket) = Started();
        var (second, secondSocket) = Started();

        Deliver(first, "1a");
        Deliver(second, "2a");
        Deliver(first, "1b");
        _time.Advance(Delay);

        Assert.Equal(["1a", "1b"], firstSocket.Take());
        Assert.Equal(["2a"], secondSocket.Take());
        Assert.Equal((1, 1), (firstSocket.Writes, secondSocket.Writes));
    }

    [Fact]
    public void A_socket_that_stops_taking_writes_still_makes_the_member_too_slow_after_the_send_timeout()
    {
        var (member, socket) = Started(eventLimit: 2);
        socket.HoldWrites();
        Deliver(member, "held");
        _time.Advance(Delay);
        Assert.Equal(["held"], socket.Take());

        Deliver(member, "1", "2", "3");
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(Delivery.Overflowed, member.Deliver(Frame("4")));
        Assert.Same(CloseRequest.TooSlow, member.Outbox.Close);
    }

    [Fact]
    public async Task Stopping_waits_for_the_round_then_writes_what_was_queued()
    {
        var (member, socket) = Started();
        Deliver(member, "a", "b");
        member.RequestClose(CloseRequest.ClientClosed);

        var stopping = member.StopSendingAsync();
        Assert.False(stopping.IsCompleted, "the pump holds its turn until the round ends");
        _time.Advance(Delay);
        await stopping;

        Assert.Equal(["a", "b"], socket.Take());
    }

    [Fact]
    public void Once_disposed_it_writes_who_was_waiting_and_then_everyone_at_once()
    {
        var (member, socket) = Started();
        Deliver(member, "a");

        _coalescer.Dispose();
        Assert.Equal(["a"], socket.Take());
        Deliver(member, "b");
        Assert.Equal(["b"], socket.Take());
    }

    [Theory]
    [InlineData("-00:00:00.001")]
    [InlineData("00:00:01.001")]
    public async Task A_write_delay_outside_0_to_1_second_stops_the_server_naming_the_key(string delay)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => ServerProcess.StartAsync($"--Chat:WriteDelay={delay}"));

        Assert.Contains("OptionsValidationException", failure.Message, StringComparison.Ordinal);
        Assert.Contains("WriteDelay", failure.Message, StringComparison.Ordinal);
    }

    private (Member Member, RecordingFrameWriter Socket) Started(WriteCoalescer? coalescer = null, int eventLimit = 8)
    {
        var member = new Member(new MemberKey("test", _members.Count + 1), WireFormat.PlainText, "test", _time.GetUtcNow(),
            new Outbox(eventLimit, 1024 * 1024, TimeSpan.FromSeconds(5), _time), TimeSpan.FromSeconds(1));
        _members.Add(member);
        var socket = new RecordingFrameWriter();
        member.StartSending(socket, new ChatMetrics(_services.GetRequiredService<IMeterFactory>()), coalescer: coalescer ?? _coalescer);
        return (member, socket);
    }

    private static void Deliver(Member member, params string[] frames)
    {
        foreach (var frame in frames)
        {
            Assert.Equal(Delivery.Queued, member.Deliver(Frame(frame)));
        }
    }

    private static ReadOnlyMemory<byte> Frame(string text) => Encoding.UTF8.GetBytes(text);
}
