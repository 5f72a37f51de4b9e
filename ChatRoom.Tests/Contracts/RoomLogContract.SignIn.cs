using ChatRoom.Log;
using ChatRoom.Model;

namespace ChatRoom.Tests.Contracts;

/// <summary>Signed-in names: reserved while their member is there, decided alike by both logs.</summary>
public abstract partial class RoomLogContract
{
    [Fact]
    public async Task A_signed_in_joiner_takes_its_name_from_an_anonymous_holder_who_is_renamed_first()
    {
        await using var log = await OpenAsync();
        var snapshot = await log.LoadAsync();
        var (squatter, alice) = (log.NewMember(), log.NewMember());
        await log.AppendAsync(new JoinCommand(squatter, "Alice"));
        await log.AppendAsync(new JoinCommand(log.NewMember(), "alice-2"));

        var joined = await log.AppendAsync(new JoinCommand(alice, "alice", Verified: true));
        var entries = (await log.ReadThroughAsync(joined.Position)).Skip(2).ToList();

        Assert.Equal(AppendStatus.Appended, joined.Status);
        Assert.Equal([new MemberRenamed("Alice", "alice-3"), new MemberJoined("alice", 3, Verified: true)],
            entries.Select(e => e.Event));
        Assert.Equal([squatter, alice], entries.Select(e => e.Member));
        Assert.Equal([snapshot.LastId + 3, snapshot.LastId + 4], entries.Select(e => e.Id));
        Assert.Equal(joined.Position, entries[^1].Position);
    }

    [Fact]
    public async Task A_signed_in_name_is_reserved_a_joiner_gets_a_suffix_and_a_rename_to_it_is_refused()
    {
        await using var log = await OpenAsync();
        await log.LoadAsync();
        var (alice, again, guest) = (log.NewMember(), log.NewMember(), log.NewMember());
        await log.AppendAsync(new JoinCommand(alice, "alice", Verified: true));
        await log.AppendAsync(new JoinCommand(again, "alice", Verified: true));
        var anonymous = await log.AppendAsync(new JoinCommand(guest, "ALICE"));
        var rename = await log.AppendAsync(new RenameCommand(guest, "Alice"));
        var entries = await log.ReadThroughAsync(anonymous.Position);

        Assert.Equal(
            [new MemberJoined("alice", 1, true), new MemberJoined("alice-2", 2, true), new MemberJoined("ALICE-3", 3)],
            entries.TakeLast(3).Select(e => e.Event));
        Assert.Equal(AppendStatus.NameTaken, rename.Status);
    }

    [Fact]
    public async Task A_signed_in_members_messages_and_leave_say_verified_and_its_name_is_free_after_it_left()
    {
        await using var log = await OpenAsync();
        await log.LoadAsync();
        var (alice, guest) = (log.NewMember(), log.NewMember());
        await log.AppendAsync(new JoinCommand(alice, "alice", Verified: true));
        await log.AppendAsync(new JoinCommand(guest, "guest"));
        await log.AppendAsync(new SayCommand(alice, "hi", IsAction: false));
        await log.AppendAsync(new SayCommand(guest, "hello", IsAction: false));
        await log.AppendAsync(new LeaveCommand(alice));
        var renamed = await log.AppendAsync(new RenameCommand(guest, "alice"));
        var entries = await log.ReadThroughAsync(renamed.Position);

        RoomEvent[] expected =
        [
            new ChatMessage("alice", "hi", false, Verified: true), new ChatMessage("guest", "hello", false),
            new MemberLeft("alice", 1, Verified: true), new MemberRenamed("guest", "alice"),
        ];
        Assert.Equal(expected, entries.TakeLast(4).Select(e => e.Event));
    }

    [Fact]
    public async Task A_reader_that_loads_later_knows_which_members_are_signed_in()
    {
        await using var log = await OpenAsync();
        await log.LoadAsync();
        var (alice, bob, carol) = (log.NewMember(), log.NewMember(), log.NewMember());
        await log.AppendAsync(new JoinCommand(alice, "alice", Verified: true));
        await log.AppendAsync(new JoinCommand(bob, "bob"));
        await log.AppendAsync(new JoinCommand(carol, "carol", Verified: true));
        var last = await log.AppendAsync(new LeaveCommand(carol));

        var snapshot = await log.LoadAsync();
        var after = await log.ReadThroughAsync(last.Position);
        var verified = snapshot.Verified.ToHashSet();
        foreach (var entry in after)
        {
            if (entry.Event is MemberJoined { Verified: true })
            {
                verified.Add(entry.Member!.Value);
            }
            else if (entry.Event is MemberLeft)
            {
                verified.Remove(entry.Member!.Value);
            }
        }

        Assert.Equal([alice], verified);
    }
}
