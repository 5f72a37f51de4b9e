using ChatRoom.Log;
using ChatRoom.Model;
using ChatRoom.Protocol;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Contracts;

/// <summary>Moderation as every log decides it: kicks, mutes and bans by name, unbans, deletes.</summary>
public abstract partial class RoomLogContract
{
    [Fact]
    public async Task A_kick_names_its_member_in_any_case_and_an_unknown_name_is_not_found()
    {
        await using var log = await OpenAsync();
        await log.LoadAsync();
        var bob = log.NewMember();
        await log.AppendAsync(new JoinCommand(bob, "Bob", BanKey: "ip:10.0.0.2"));

        var kicked = await log.AppendAsync(new ModerateCommand(ModerationAction.Kick, "BOB", "carol", 0));
        var unknown = await log.AppendAsync(new ModerateCommand(ModerationAction.Kick, "nobody", "carol", 0));

        Assert.Equal(AppendResult.Refused(AppendStatus.NotFound), unknown);
        var entry = (await log.ReadThroughAsync(kicked.Position))[^1];
        Assert.Equal(new Moderated(ModerationAction.Kick, "Bob", "carol", 0), entry.Event);
        Assert.Equal(bob, entry.Member);
        Assert.True(entry.IsBroadcast);
    }

    [Fact]
    public async Task A_ban_refuses_its_ban_key_before_a_full_room_until_it_is_unbanned_by_name()
    {
        await using var log = await OpenAsync(maxMembers: 2);
        await log.LoadAsync();
        var (bob, alice) = (log.NewMember(), log.NewMember());
        await log.AppendAsync(new JoinCommand(bob, "bob", BanKey: "sub:b-1"));
        await log.AppendAsync(new JoinCommand(alice, "alice", BanKey: "ip:10.0.0.1"));

        var banned = await log.AppendAsync(new ModerateCommand(ModerationAction.Ban, "bob", "carol", 5));
        await log.AppendAsync(new LeaveCommand(bob));
        var again = await log.AppendAsync(new JoinCommand(log.NewMember(), "bobby", BanKey: "sub:b-1"));
        var other = await log.AppendAsync(new JoinCommand(log.NewMember(), "dave", BanKey: "sub:d-1"));
        var fullButBanned = await log.AppendAsync(new JoinCommand(log.NewMember(), "bob", BanKey: "sub:b-1"));
        var unbanned = await log.AppendAsync(new ModerateCommand(ModerationAction.Unban, "BOB", "carol", 0));
        var twice = await log.AppendAsync(new ModerateCommand(ModerationAction.Unban, "bob", "carol", 0));
        await log.AppendAsync(new LeaveCommand(alice));
        var back = await log.AppendAsync(new JoinCommand(log.NewMember(), "bob", BanKey: "sub:b-1"));

        Assert.Equal(AppendResult.Refused(AppendStatus.Banned), again);
        Assert.Equal(AppendStatus.Appended, other.Status);
        Assert.Equal(AppendResult.Refused(AppendStatus.Banned), fullButBanned);
        Assert.Equal(AppendResult.Refused(AppendStatus.NotFound), twice);
        Assert.Equal(AppendStatus.Appended, back.Status);
        var entries = await log.ReadThroughAsync(back.Position);
        Assert.Equal(new Moderated(ModerationAction.Ban, "bob", "carol", 5, "sub:b-1"),
            entries.Single(e => e.Position == banned.Position).Event);
        var unban = entries.Single(e => e.Position == unbanned.Position);
        Assert.Equal(new Moderated(ModerationAction.Unban, "BOB", "carol", 0), unban.Event);
        Assert.Null(unban.Member);
    }

    [Fact]
    public async Task A_muted_ban_key_cannot_speak_even_after_rejoining_while_others_can()
    {
        await using var log = await OpenAsync();
        await log.LoadAsync();
        var (bob, alice) = (log.NewMember(), log.NewMember());
        await log.AppendAsync(new JoinCommand(bob, "bob", BanKey: "ip:10.0.0.2"));
        await log.AppendAsync(new JoinCommand(alice, "alice", BanKey: "ip:10.0.0.1"));

        var muted = await log.AppendAsync(new ModerateCommand(ModerationAction.Mute, "bob", "carol", 3));
        var silenced = await log.AppendAsync(new SayCommand(bob, "hello", IsAction: false));
        await log.AppendAsync(new LeaveCommand(bob));
        var rejoined = log.NewMember();
        await log.AppendAsync(new JoinCommand(rejoined, "bob", BanKey: "ip:10.0.0.2"));
        var stillSilenced = await log.AppendAsync(new SayCommand(rejoined, "waves", IsAction: true));
        var said = await log.AppendAsync(new SayCommand(alice, "hi", IsAction: false));

        Assert.Equal(AppendResult.Refused(AppendStatus.Muted), silenced);
        Assert.Equal(AppendResult.Refused(AppendStatus.Muted), stillSilenced);
        Assert.Equal(AppendStatus.Appended, said.Status);
        var entries = await log.ReadThroughAsync(said.Position);
        var mute = entries.Single(e => e.Position == muted.Position);
        Assert.Equal(new Moderated(ModerationAction.Mute, "bob", "carol", 3), mute.Event);
        Assert.Equal(bob, mute.Member);
    }

    [Fact]
    public async Task A_delete_names_an_id_the_room_has_given_and_nothing_else()
    {
        await using var log = await OpenAsync();
        var snapshot = await log.LoadAsync();
        var alice = log.NewMember();
        await log.AppendAsync(new JoinCommand(alice, "alice", BanKey: "ip:10.0.0.1"));
        var said = await log.AppendAsync(new SayCommand(alice, "oops", IsAction: false));
        var message = (await log.ReadThroughAsync(said.Position))[^1];

        var deleted = await log.AppendAsync(new DeleteCommand(message.Id, "carol"));
        var none = await log.AppendAsync(new DeleteCommand(0, "carol"));
        var future = await log.AppendAsync(new DeleteCommand(message.Id + 5, "carol"));

        Assert.Equal(AppendResult.Refused(AppendStatus.NotFound), none);
        Assert.Equal(AppendResult.Refused(AppendStatus.NotFound), future);
        var entry = (await log.ReadThroughAsync(deleted.Position))[^1];
        Assert.Equal(new MessageDeleted(message.Id, "carol"), entry.Event);
        Assert.Equal(snapshot.LastId + 3, entry.Id);
        Assert.Null(entry.Member);
    }

    [Fact]
    public async Task The_ban_table_keeps_at_most_its_bound_dropping_the_ban_that_ends_soonest()
    {
        const int Bans = Sanctions.MaxEntries + 1;
        await using var log = await OpenAsync(maxMembers: Bans + 2);
        await log.LoadAsync();
        for (var i = 0; i < Bans; i++)
        {
            await log.AppendAsync(new JoinCommand(log.NewMember(), $"m{i}", BanKey: $"ip:{i}"));
            // m0's ban ends first: it is the one dropped when the table overflows.
            await log.AppendAsync(new ModerateCommand(ModerationAction.Ban, $"m{i}", "carol", i + 1));
        }

        Assert.Equal(AppendStatus.Appended, (await log.AppendAsync(new JoinCommand(log.NewMember(), "x", BanKey: "ip:0"))).Status);
        Assert.Equal(AppendResult.Refused(AppendStatus.Banned),
            await log.AppendAsync(new JoinCommand(log.NewMember(), "y", BanKey: "ip:1")));
    }
}
