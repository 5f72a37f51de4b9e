using System.Net.WebSockets;
using System.Text;
using ChatRoom.Chat;
using ChatRoom.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Tests.Unit;

/// <summary>The room without sockets: members are outboxes the test reads directly.</summary>
public sealed class RoomTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly Room _room;
    private long _nextId;

    public RoomTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chat:SendQueueLimit"] = "8",
            ["Chat:HistorySize"] = "3",
        }).Build();
        _services = new ServiceCollection().AddLogging().AddMetrics().AddChatRoom(configuration).BuildServiceProvider();
        _room = _services.GetRequiredService<Room>();
    }

    public void Dispose() => _services.Dispose();

    private Member Join(string name, WireFormat format = WireFormat.PlainText)
    {
        var member = new Member(++_nextId, format, "test", DateTimeOffset.UnixEpoch, sendQueueLimit: 8, TimeSpan.FromSeconds(1));
        Assert.NotNull(_room.Join(member, name));
        return member;
    }

    private static List<string> Drain(Member member)
    {
        var frames = new List<string>();
        while (member.Outbox.TryDequeue(out var frame))
        {
            frames.Add(Encoding.UTF8.GetString(frame.Span));
        }

        return frames;
    }

    [Fact]
    public void A_message_reaches_every_other_member_and_not_its_sender()
    {
        var alice = Join("alice");
        var bob = Join("bob");
        var carol = Join("carol");
        Drain(alice);
        Drain(bob);
        Drain(carol);

        _room.Say(alice, "hello", isAction: false);

        Assert.Empty(Drain(alice));
        Assert.Equal(["alice: hello"], Drain(bob));
        Assert.Equal(["alice: hello"], Drain(carol));
    }

    [Fact]
    public void A_json_sender_gets_an_ack_with_its_messages_id_in_the_same_place_in_the_conversation()
    {
        var alice = Join("alice", WireFormat.Json);
        var bob = Join("bob", WireFormat.Json);
        Drain(alice);
        Drain(bob);

        _room.Say(alice, "one", false);
        _room.Say(bob, "two", false);

        var aliceFrames = Drain(alice);
        var bobFrames = Drain(bob);
        Assert.StartsWith("""{"type":"ack","id":3,""", aliceFrames[0], StringComparison.Ordinal);
        Assert.StartsWith("""{"type":"message","id":4,"from":"bob","text":"two",""", aliceFrames[1], StringComparison.Ordinal);
        Assert.StartsWith("""{"type":"message","id":3,"from":"alice","text":"one",""", bobFrames[0], StringComparison.Ordinal);
        Assert.StartsWith("""{"type":"ack","id":4,""", bobFrames[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Joins_renames_and_leaves_are_announced_with_the_online_count()
    {
        var alice = Join("alice");
        var bob = Join("bob");
        Assert.Equal(RenameOutcome.Renamed, _room.Rename(bob, "robert"));
        _room.Leave(bob, "closed");
        _room.Leave(bob, "closed");

        Assert.Equal(["*** bob joined (2 online)", "*** bob is now robert", "*** robert left (1 online)"], Drain(alice));
        Assert.Equal(["*** bob is now robert"], Drain(bob));
    }

    [Fact]
    public void Names_are_unique_ignoring_case()
    {
        Join("alice");
        var second = Join("ALICE");
        Assert.Equal("ALICE-2", second.Name);
        Assert.Equal(RenameOutcome.Taken, _room.Rename(second, "Alice"));
        Assert.Equal(RenameOutcome.BadName, _room.Rename(second, "no/slashes"));
        Assert.Equal(RenameOutcome.Unchanged, _room.Rename(second, "ALICE-2"));
        Assert.Equal(RenameOutcome.Renamed, _room.Rename(second, "alice-2"));
    }

    [Fact]
    public void The_welcome_replays_the_last_messages_and_lists_members()
    {
        var alice = Join("alice");
        foreach (var text in new[] { "one", "two", "three", "four" })
        {
            _room.Say(alice, text, false);
        }

        var bob = new Member(99, WireFormat.PlainText, "test", DateTimeOffset.UnixEpoch, 8, TimeSpan.FromSeconds(1));
        var welcome = _room.Join(bob, "bob")!;
        Assert.Equal(["alice: two", "alice: three", "alice: four"], welcome.History.Select(e => Encoding.UTF8.GetString(e.PlainText)));
        Assert.Equal(["alice", "bob"], welcome.Members);
        Assert.Equal(2, welcome.Online);
    }

    [Fact]
    public void A_member_whose_queue_overflows_is_closed_as_too_slow_and_the_others_lose_nothing()
    {
        var slow = Join("slow");
        var reader = Join("reader");
        var sender = Join("sender");
        Drain(reader);
        var received = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            _room.Say(sender, $"m{i}", false);
            received.AddRange(Drain(reader));
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"sender: m{i}"), received.Where(f => f.StartsWith("sender:", StringComparison.Ordinal)));
        Assert.Contains("*** slow left (2 online)", received);
        Assert.DoesNotContain("slow", _room.Names());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, slow.Outbox.Close?.Status);
        Assert.True(slow.Outbox.Close!.DiscardPending);
        Assert.Equal(8, slow.Outbox.Count);
    }

    [Fact]
    public void Shutdown_notifies_everyone_then_closes_them_with_1001_and_admits_nobody()
    {
        var alice = Join("alice");
        Drain(alice);

        _room.BeginShutdown();

        Assert.Equal(["*** notice: server is shutting down"], Drain(alice));
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, alice.Outbox.Close?.Status);
        Assert.Null(_room.Join(new Member(50, WireFormat.PlainText, "test", DateTimeOffset.UnixEpoch, 8, TimeSpan.FromSeconds(1)), "late"));
    }

    [Fact]
    public async Task Concurrent_senders_produce_one_order_that_every_member_sees()
    {
        var members = Enumerable.Range(0, 4).Select(i => new Member(++_nextId, WireFormat.Json, "test", DateTimeOffset.UnixEpoch, 10_000, TimeSpan.FromSeconds(1))).ToArray();
        foreach (var member in members)
        {
            _room.Join(member, $"m{member.Id}");
        }

        foreach (var member in members)
        {
            Drain(member);
        }

        await Task.WhenAll(members.Select(m => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                _room.Say(m, $"{i}", false);
            }
        }, TestContext.Current.CancellationToken)));

        var sequences = members.Select(m => Drain(m).Select(IdOf).ToArray()).ToArray();
        foreach (var ids in sequences)
        {
            Assert.Equal(800, ids.Length);
            Assert.Equal(ids.Order(), ids);
            Assert.Equal(ids.Length, ids.Distinct().Count());
        }

        static long IdOf(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("id").GetInt64();
    }
}
