using System.Net.WebSockets;
using System.Text;
using ChatRoom.Log;
using ChatRoom.Members;
using ChatRoom.Names;
using ChatRoom.Rooms;
using ChatRoom.Transport;
using ChatRoom.Wire;

namespace ChatRoom.Tests.Unit;

/// <summary>The room on its in-process log, without sockets: members are outboxes the test reads directly.</summary>
public sealed class RoomTests : IAsyncLifetime
{
    private RoomHarness _harness = null!;

    private Room Room => _harness.Room;

    public async ValueTask InitializeAsync() =>
        _harness = await RoomHarness.StartAsync(new Dictionary<string, string?> { ["Chat:HistorySize"] = "3", ["Chat:ResumeWindow"] = "5" });

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    private Task<Member> Join(string name, IWireFormat? format = null) => _harness.JoinedAsync(name, format);

    private Task<List<string>> Drain(Member member) => _harness.DrainAsync(member);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_leave_applied_after_its_connection_was_disposed_does_not_reset_the_room()
    {
        // The endpoint disposes a member whose upgrade failed (or whose client left while joining)
        // right after appending its leave; the reader applies that leave later.
        var alice = await Join("alice");
        var gone = await Join("gone");
        var epoch = _harness.Room.State.Epoch;
        gone.Dispose();
        await Room.LeaveAsync(gone);
        await Room.SayAsync(alice, "still here", isAction: false, Token);
        await _harness.SettledAsync();

        Assert.Equal(epoch, _harness.Room.State.Epoch);
        Assert.Equal(["alice"], Room.Roster.Listed);
        Assert.Null(alice.Outbox.Close);
    }

    [Fact]
    public async Task A_message_reaches_every_other_member_and_not_its_sender()
    {
        var alice = await Join("alice");
        var bob = await Join("bob");
        var carol = await Join("carol");
        await Drain(alice);
        await Drain(bob);

        await Room.SayAsync(alice, "hello", isAction: false, Token);

        Assert.Empty(await Drain(alice));
        Assert.Equal(["alice: hello"], await Drain(bob));
        Assert.Equal(["alice: hello"], await Drain(carol));
    }

    [Fact]
    public async Task A_json_sender_gets_an_ack_with_its_messages_id_in_the_same_place_in_the_conversation()
    {
        var alice = await Join("alice", WireFormat.Json);
        var bob = await Join("bob", WireFormat.Json);
        await Drain(alice);

        await Room.SayAsync(alice, "one", false, Token);
        await Room.SayAsync(bob, "two", false, Token);

        var aliceFrames = await Drain(alice);
        var bobFrames = await Drain(bob);
        Assert.StartsWith("""{"type":"ack","id":3,""", aliceFrames[0], StringComparison.Ordinal);
        Assert.StartsWith("""{"type":"message","id":4,"from":"bob","text":"two",""", aliceFrames[1], StringComparison.Ordinal);
        Assert.StartsWith("""{"type":"message","id":3,"from":"alice","text":"one",""", bobFrames[0], StringComparison.Ordinal);
        Assert.StartsWith("""{"type":"ack","id":4,""", bobFrames[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Joins_renames_and_leaves_are_announced_with_the_online_count()
    {
        var alice = await Join("alice");
        var bob = await Join("bob");
        Assert.Equal(AppendStatus.Appended, await Room.RenameAsync(bob, "robert", Token));
        await Room.LeaveAsync(bob);
        await Room.LeaveAsync(bob);

        Assert.Equal(["*** bob joined (2 online)", "*** bob is now robert", "*** robert left (1 online)"], await Drain(alice));
        Assert.Equal(["*** bob is now robert"], await Drain(bob));
    }

    [Fact]
    public async Task Names_are_unique_ignoring_case()
    {
        await Join("alice");
        var second = await Join("ALICE");
        Assert.Equal("ALICE-2", second.Name);
        Assert.Equal(AppendStatus.NameTaken, await Room.RenameAsync(second, "Alice", Token));
        Assert.Equal(AppendStatus.NameUnchanged, await Room.RenameAsync(second, "ALICE-2", Token));
        Assert.Equal(AppendStatus.Appended, await Room.RenameAsync(second, "alice-2", Token));
        await _harness.SettledAsync();
        Assert.Equal("alice-2", second.Name);
    }

    [Fact]
    public async Task The_welcome_replays_the_last_messages_lists_members_and_names_the_newest_id()
    {
        var alice = await Join("alice");
        foreach (var text in new[] { "one", "two", "three", "four" })
        {
            await Room.SayAsync(alice, text, false, Token);
        }

        var (_, welcome) = await _harness.JoinAsync("bob");
        Assert.Equal(["alice: two", "alice: three", "alice: four"], welcome.History.Select(e => Encoding.UTF8.GetString(e.For(WireFormat.PlainText))));
        Assert.Equal(["alice", "bob"], welcome.Members);
        Assert.Equal(2, welcome.Online);
        Assert.Equal(6, welcome.Last);
        Assert.Null(welcome.Resumed);
    }

    [Fact]
    public async Task A_member_whose_queue_overflows_while_its_socket_stalls_is_closed_and_leaves_through_the_log()
    {
        var slow = await Join("slow");
        var reader = await Join("reader");
        var sender = await Join("sender");
        await Drain(reader);
        slow.Outbox.WriteStarted();
        _harness.Time.Advance(TimeSpan.FromSeconds(6));
        var received = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            await Room.SayAsync(sender, $"m{i}", false, Token);
            received.AddRange(await Drain(reader));
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, slow.Outbox.Close?.Status);
        Assert.True(slow.Outbox.Close!.DiscardPending);
        Assert.Equal(8, slow.Outbox.Count);

        // Its connection ends and leaves like any other leaver; the others lose nothing.
        await Room.LeaveAsync(slow);
        received.AddRange(await Drain(reader));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"sender: m{i}"), received.Where(f => f.StartsWith("sender:", StringComparison.Ordinal)));
        Assert.Equal("*** slow left (2 online)", received[^1]);
        Assert.DoesNotContain("slow", Room.Roster.Listed);
    }

    [Fact]
    public async Task A_member_whose_socket_keeps_taking_writes_is_not_closed_however_far_behind_the_server_is()
    {
        var reader = await Join("reader");
        var sender = await Join("sender");
        await Drain(reader);
        for (var i = 0; i < 50; i++)
        {
            await Room.SayAsync(sender, $"m{i}", false, Token);
        }

        Assert.Null(reader.Outbox.Close);
        Assert.Equal(50, (await Drain(reader)).Count);
    }

    [Fact]
    public async Task Shutdown_tells_this_instances_members_then_closes_them_with_1001_and_admits_nobody()
    {
        var alice = await Join("alice");
        await Drain(alice);

        Room.BeginShutdown();

        Assert.Equal(["*** notice: server is shutting down"], await Drain(alice));
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, alice.Outbox.Close?.Status);
        await Assert.ThrowsAsync<RoomUnavailableException>(() => Room.JoinAsync(_harness.NewMember(), "late", null, Token));
    }

    [Fact]
    public async Task A_full_room_refuses_a_join()
    {
        await using var harness = await RoomHarness.StartAsync(new Dictionary<string, string?> { ["Chat:MaxMembers"] = "1" });
        await harness.JoinedAsync("alice");
        Assert.Equal(new JoinOutcome(AppendStatus.RoomFull, null), await harness.Room.JoinAsync(harness.NewMember(), "bob", null, Token));
    }

    [Fact]
    public async Task Concurrent_senders_produce_one_order_that_every_member_sees()
    {
        var members = new List<Member>();
        for (var i = 0; i < 4; i++)
        {
            members.Add(await _harness.JoinedAsync($"m{i}", WireFormat.Json, queueLimit: 10_000));
        }

        foreach (var member in members)
        {
            await Drain(member);
        }

        await Task.WhenAll(members.Select(m => Task.Run(
            async () =>
            {
                for (var i = 0; i < 200; i++)
                {
                    await Room.SayAsync(m, $"{i}", false, Token);
                }
            },
            Token)));

        foreach (var member in members)
        {
            var ids = (await Drain(member)).Select(IdOf).ToArray();
            Assert.Equal(800, ids.Length);
            Assert.Equal(ids.Order(), ids);
            Assert.Equal(ids.Length, ids.Distinct().Count());
        }

        static long IdOf(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("id").GetInt64();
    }
}
