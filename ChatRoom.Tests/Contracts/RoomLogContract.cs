using ChatRoom.Log;
using ChatRoom.Model;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Contracts;

/// <summary>
/// What every <see cref="IRoomLog"/> decides and how it hands entries to its reader. The in-process
/// log decides in C# (RoomLedger) and the Redis log in Lua (append.lua): both run these tests.
/// </summary>
public abstract partial class RoomLogContract
{
    /// <summary>A log on a room of its own, not yet loaded.</summary>
    private protected abstract Task<OpenedRoomLog> OpenAsync(int maxMembers = 100, int announceJoinsUpTo = 100);

    [Fact]
    public async Task Entries_are_read_in_position_order_and_broadcast_ids_count_up_without_gaps()
    {
        await using var log = await OpenAsync();
        var snapshot = await log.LoadAsync();
        var (alice, bob) = (log.NewMember(), log.NewMember());

        long[] positions =
        [
            (await log.AppendAsync(new JoinCommand(alice, "alice"))).Position,
            (await log.AppendAsync(new JoinCommand(bob, "bob"))).Position,
            (await log.AppendAsync(new SayCommand(alice, "one", IsAction: false))).Position,
            (await log.AppendAsync(new SayCommand(bob, "waves", IsAction: true))).Position,
            (await log.AppendAsync(new NoticeCommand("maintenance at noon"))).Position,
            (await log.AppendAsync(new LeaveCommand(bob))).Position,
        ];
        var entries = await log.ReadThroughAsync(positions[^1]);

        Assert.Equal(positions, entries.Select(e => e.Position));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => snapshot.Position + i), positions);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => snapshot.LastId + i), entries.Select(e => e.Id));
        RoomEvent[] expected =
        [
            new MemberJoined("alice", 1), new MemberJoined("bob", 2), new ChatMessage("alice", "one", false),
            new ChatMessage("bob", "waves", true), new Notice("maintenance at noon"), new MemberLeft("bob", 1),
        ];
        Assert.Equal(expected, entries.Select(e => e.Event));
        Assert.Equal([alice, bob, alice, bob, null, bob], entries.Select(e => e.Member));
        Assert.All(entries.Zip(entries.Skip(1)), pair => Assert.True(pair.First.Timestamp <= pair.Second.Timestamp));
    }

    [Fact]
    public async Task A_taken_name_gets_the_first_free_suffix_and_names_are_unique_ignoring_case()
    {
        await using var log = await OpenAsync();
        await log.LoadAsync();
        var members = Enumerable.Range(0, 4).Select(_ => log.NewMember()).ToArray();

        await log.AppendAsync(new JoinCommand(members[0], "Alice"));
        await log.AppendAsync(new JoinCommand(members[1], "ALICE"));
        await log.AppendAsync(new JoinCommand(members[2], "alice-2"));
        var last = await log.AppendAsync(new JoinCommand(members[3], "alice"));
        var joined = await log.ReadThroughAsync(last.Position);

        Assert.Equal(["Alice", "ALICE-2", "alice-2-2", "alice-3"], joined.Select(e => ((MemberJoined)e.Event).Name));
    }

    [Fact]
    public async Task A_rename_is_refused_when_another_member_has_the_name_in_any_case_or_it_is_the_same_name()
    {
        await using var log = await OpenAsync();
        await log.LoadAsync();
        var (alice, bob) = (log.NewMember(), log.NewMember());
        await log.AppendAsync(new JoinCommand(alice, "alice"));
        await log.AppendAsync(new JoinCommand(bob, "bob"));

        Assert.Equal(AppendStatus.NameTaken, (await log.AppendAsync(new RenameCommand(bob, "ALICE"))).Status);
        Assert.Equal(AppendStatus.NameUnchanged, (await log.AppendAsync(new RenameCommand(bob, "bob"))).Status);
        var ownInOtherCase = await log.AppendAsync(new RenameCommand(alice, "Alice"));
        await log.AppendAsync(new RenameCommand(alice, "ally"));
        var freed = await log.AppendAsync(new RenameCommand(bob, "ALICE"));

        Assert.Equal(AppendStatus.Appended, ownInOtherCase.Status);
        Assert.Equal(AppendStatus.Appended, freed.Status);
        var renames = (await log.ReadThroughAsync(freed.Position)).Skip(2).Select(e => e.Event);
        RoomEvent[] expected =
        [
            new MemberRenamed("alice", "Alice"), new MemberRenamed("Alice", "ally"), new MemberRenamed("bob", "ALICE"),
        ];
        Assert.Equal(expected, renames);
    }

    [Fact]
    public async Task A_full_room_refuses_a_join_until_someone_leaves()
    {
        await using var log = await OpenAsync(maxMembers: 2);
        await log.LoadAsync();
        var (a, b, c) = (log.NewMember(), log.NewMember(), log.NewMember());
        await log.AppendAsync(new JoinCommand(a, "a"));
        await log.AppendAsync(new JoinCommand(b, "b"));

        Assert.Equal(AppendResult.Refused(AppendStatus.RoomFull), await log.AppendAsync(new JoinCommand(c, "c")));
        await log.AppendAsync(new LeaveCommand(a));
        Assert.Equal(AppendStatus.Appended, (await log.AppendAsync(new JoinCommand(c, "c"))).Status);
    }

    [Fact]
    public async Task A_member_already_in_the_room_cannot_join_again_even_when_it_is_full()
    {
        await using var log = await OpenAsync(maxMembers: 1);
        await log.LoadAsync();
        var alice = log.NewMember();
        var joined = await log.AppendAsync(new JoinCommand(alice, "alice"));

        var again = await log.AppendAsync(new JoinCommand(alice, "other"));
        Assert.Equal(AppendResult.Refused(AppendStatus.NotAMember), again);
        var said = await log.AppendAsync(new SayCommand(alice, "still alice", IsAction: false));

        var entries = await log.ReadThroughAsync(said.Position);
        Assert.Equal([joined.Position, said.Position], entries.Select(e => e.Position));
        Assert.Equal(new ChatMessage("alice", "still alice", false), entries[^1].Event);
    }

    [Fact]
    public async Task Leaving_speaking_or_renaming_without_being_a_member_is_refused_and_appends_nothing()
    {
        await using var log = await OpenAsync();
        await log.LoadAsync();
        var (stranger, gone) = (log.NewMember(), log.NewMember());
        await log.AppendAsync(new JoinCommand(gone, "gone"));
        await log.AppendAsync(new LeaveCommand(gone));

        var refused = new[]
        {
            await log.AppendAsync(new LeaveCommand(stranger)),
            await log.AppendAsync(new LeaveCommand(gone)),
            await log.AppendAsync(new SayCommand(stranger, "hello", IsAction: false)),
            await log.AppendAsync(new SayCommand(gone, "hello", IsAction: false)),
            await log.AppendAsync(new RenameCommand(stranger, "someone")),
        };
        var notice = await log.AppendAsync(new NoticeCommand("after"));

        Assert.All(refused, result => Assert.Equal(AppendResult.Refused(AppendStatus.NotAMember), result));
        var entries = await log.ReadThroughAsync(notice.Position);
        Assert.Equal(3, entries.Count);
        Assert.Equal(new Notice("after"), entries[^1].Event);
        Assert.Null(entries[^1].Member);
    }

    [Fact]
    public async Task Joins_and_leaves_are_broadcast_only_while_the_room_is_small_enough()
    {
        await using var log = await OpenAsync(announceJoinsUpTo: 2);
        var snapshot = await log.LoadAsync();
        var members = Enumerable.Range(0, 3).Select(_ => log.NewMember()).ToArray();

        foreach (var (member, i) in members.Select((m, i) => (m, i)))
        {
            await log.AppendAsync(new JoinCommand(member, $"m{i}"));
        }

        await log.AppendAsync(new LeaveCommand(members[2]));
        var last = await log.AppendAsync(new LeaveCommand(members[1]));
        var entries = await log.ReadThroughAsync(last.Position);

        var first = snapshot.LastId;
        Assert.Equal([first + 1, first + 2, 0, 0, first + 3], entries.Select(e => e.Id));
        Assert.Equal([1, 2, 3, 2, 1], entries.Select(e => e.Event switch
        {
            MemberJoined joined => joined.Online,
            MemberLeft left => left.Online,
            _ => -1,
        }));
    }

    [Fact]
    public async Task A_reader_that_loads_after_appends_learns_the_room_from_its_snapshot_and_what_follows()
    {
        await using var log = await OpenAsync();
        await log.LoadAsync();
        var (alice, bob, carol) = (log.NewMember(), log.NewMember(), log.NewMember());
        await log.AppendAsync(new JoinCommand(alice, "alice"));
        await log.AppendAsync(new JoinCommand(bob, "bob"));
        await log.AppendAsync(new SayCommand(alice, "hello", IsAction: false));
        await log.AppendAsync(new JoinCommand(carol, "carol"));
        await log.AppendAsync(new RenameCommand(bob, "robert"));
        var last = await log.AppendAsync(new LeaveCommand(alice));

        // Loaded again, as a reader does after a reset: what it read before does not matter.
        var snapshot = await log.LoadAsync();
        var after = await log.ReadThroughAsync(last.Position);

        var members = snapshot.Members.ToList();
        var broadcast = snapshot.Recent.Concat(after).Where(e => e.IsBroadcast).ToList();
        foreach (var entry in after)
        {
            Apply(members, entry);
        }

        Assert.Equal([new(bob, "robert"), new(carol, "carol")], members);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), broadcast.Select(e => e.Id));
        Assert.Equal(new ChatMessage("alice", "hello", false), broadcast[2].Event);
        Assert.Equal(last.Position, Math.Max(snapshot.Position, after.LastOrDefault()?.Position ?? 0));
    }

    private static void Apply(List<KeyValuePair<MemberKey, string>> members, LogEntry entry)
    {
        switch (entry.Event)
        {
            case MemberJoined joined:
                members.Add(new(entry.Member!.Value, joined.Name));
                break;
            case MemberLeft:
                members.RemoveAll(m => m.Key == entry.Member);
                break;
            case MemberRenamed renamed:
                var at = members.FindIndex(m => m.Key == entry.Member);
                members[at] = new(entry.Member!.Value, renamed.To);
                break;
        }
    }
}
