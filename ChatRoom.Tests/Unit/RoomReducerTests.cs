using System.Text;
using ChatRoom.Log;
using ChatRoom.Model;
using ChatRoom.Protocol;
using ChatRoom.Rooms;
using ChatRoom.Transport;
using ChatRoom.Wire;

namespace ChatRoom.Tests.Unit;

/// <summary>The reducer alone: entries in, state and effects out; no socket, clock, logger or host.</summary>
public sealed class RoomReducerTests
{
    private const string Here = "here";
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    private readonly RoomReducer _reducer = new(new RoomState(historySize: 2, resumeWindow: 3), Here, maxMessageBytes: 4096);
    private readonly WaitingJoins _waiting = new();
    private long _position;
    private long _id;

    public RoomReducerTests() => _reducer.Load(RoomSnapshot.Empty("e1"));

    private RoomState State => _reducer.State;

    [Fact]
    public void A_join_of_a_member_here_that_waits_is_welcomed_with_the_room_as_of_its_entry()
    {
        Apply(Join("there", 1, "alice", online: 1));
        Apply(Say("there", 1, "alice", "hello"));
        _waiting.Expect(7);

        var effects = Apply(Join(Here, 7, "bob", online: 2));

        Assert.Equal(7, effects.LocalMemberId);
        Assert.NotNull(effects.Welcome);
        Assert.Equal("bob", effects.Welcome.You);
        Assert.Equal(["alice", "bob"], effects.Welcome.Members);
        Assert.Equal(["alice: hello"], effects.Welcome.History.Select(Plain));
        Assert.Equal(3, effects.Welcome.Last);
        Assert.Equal("*** bob joined (2 online)", Plain(effects.Broadcast!));
        Assert.Equal((3, 3, 1), (State.Position, State.LastId, State.MessageCount));
    }

    [Fact]
    public void A_join_from_another_instance_or_one_nobody_waits_for_has_no_welcome()
    {
        Assert.Null(Apply(Join("there", 1, "alice", online: 1)).Welcome);
        Assert.Equal(0, Apply(Join("there", 2, "bob", online: 2)).LocalMemberId);
        Assert.Null(Apply(Join(Here, 3, "carol", online: 3)).Welcome);
    }

    [Fact]
    public void A_resume_within_the_window_gets_exactly_the_missed_events_without_its_own_join()
    {
        Apply(Join("there", 1, "alice", online: 1));
        Apply(Say("there", 1, "alice", "one"));
        Apply(Say("there", 1, "alice", "two"));
        _waiting.Expect(7, new ResumeRequest(Since: 2, "e1"));

        var welcome = Apply(Join(Here, 7, "bob", online: 2)).Welcome!;

        Assert.True(welcome.Resumed);
        Assert.Equal(["alice: two"], welcome.History.Select(Plain));
    }

    [Fact]
    public void A_message_from_here_names_its_origin_so_the_sender_gets_an_ack_instead()
    {
        Apply(Join(Here, 5, "alice", online: 1));

        var effects = Apply(Say(Here, 5, "alice", "hi"));

        Assert.Equal(5, effects.Broadcast!.Event.OriginMemberId);
        Assert.StartsWith("""{"type":"ack","id":2,""", Encoding.UTF8.GetString(effects.Broadcast.ForOrigin(WireFormat.Json)!), StringComparison.Ordinal);
    }

    [Fact]
    public void Leaves_and_renames_of_members_here_are_effects_and_change_the_roster()
    {
        Apply(Join(Here, 5, "alice", online: 1));
        Apply(Join("there", 1, "bob", online: 2));

        Assert.Equal("alicia", Apply(Entry(Here, 5, new MemberRenamed("alice", "alicia"))).RenamedTo);
        Assert.Null(Apply(Entry("there", 1, new MemberRenamed("bob", "robert"))).RenamedTo);
        Assert.True(Apply(Entry(Here, 5, new MemberLeft("alicia", 1))).Left);

        Assert.Equal(["robert"], State.Roster.View.Listed);
    }

    [Fact]
    public void A_change_that_is_not_broadcast_moves_the_position_but_not_the_id()
    {
        var effects = Apply(new LogEntry(++_position, 0, At, new MemberJoined("quiet", 1), new MemberKey("there", 1)));

        Assert.Null(effects.Broadcast);
        Assert.Equal((1, 0), (State.Position, State.LastId));
        Assert.Equal(1, State.Roster.View.Online);
    }

    [Fact]
    public void A_ban_of_a_member_elsewhere_still_closes_the_members_here_under_its_key()
    {
        Apply(Join("there", 1, "alice", online: 1));

        var elsewhere = Apply(Entry("there", 1, new Moderated(ModerationAction.Ban, "alice", "carol", 5, "sub:a")));
        var here = Apply(Entry(Here, 2, new Moderated(ModerationAction.Ban, "bob", "carol", 5, "ip:10.0.0.2")));
        var kick = Apply(Entry("there", 3, new Moderated(ModerationAction.Kick, "dave", "carol", 0)));

        Assert.Equal((null, "sub:a"), (elsewhere.Close, elsewhere.Banned));
        Assert.Equal((CloseRequest.Banned, "ip:10.0.0.2"), (here.Close, here.Banned));
        Assert.Equal((null, null), (kick.Close, kick.Banned));
    }

    [Fact]
    public void Reset_forgets_the_room_until_it_is_loaded_again()
    {
        Apply(Join("there", 1, "alice", online: 1));

        _reducer.Reset();

        Assert.Null(State.Epoch);
        Assert.Equal(0, State.Roster.View.Online);
    }

    private RoomEffects Apply(LogEntry entry) => _reducer.Apply(entry, _waiting);

    private LogEntry Join(string instance, long member, string name, int online) =>
        Entry(instance, member, new MemberJoined(name, online));

    private LogEntry Say(string instance, long member, string from, string text) =>
        Entry(instance, member, new ChatMessage(from, text, IsAction: false));

    private LogEntry Entry(string instance, long member, RoomEvent body) =>
        new(++_position, ++_id, At, body, new MemberKey(instance, member));

    private static string Plain(EncodedEvent encoded) => Encoding.UTF8.GetString(encoded.For(WireFormat.PlainText));

    private sealed class WaitingJoins : IWaitingJoins
    {
        private readonly Dictionary<long, ResumeRequest?> _waiting = [];

        public void Expect(long memberId, ResumeRequest? resume = null) => _waiting[memberId] = resume;

        public bool IsWaiting(long memberId, out ResumeRequest? resumeFrom) => _waiting.TryGetValue(memberId, out resumeFrom);
    }
}
