using ChatRoom.Model;
using ChatRoom.Rooms;

namespace ChatRoom.Tests.Unit;

public sealed class RosterTests
{
    private static MemberKey Key(int id) => new("i1", id);

    private static Roster Filled(int members)
    {
        var roster = new Roster();
        for (var id = 1; id <= members; id++)
        {
            roster.Add(Key(id), $"m{id:D4}");
        }

        return roster;
    }

    private static IEnumerable<string> Expected(params int[] ids) =>
        ids.Select(id => $"m{id:D4}").Order(StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void Lists_the_longest_present_sorted_and_counts_everyone()
    {
        var roster = Filled(Roster.MaxListed + 50);

        Assert.Equal(Roster.MaxListed + 50, roster.View.Online);
        Assert.Equal(Expected([.. Enumerable.Range(1, Roster.MaxListed)]), roster.View.Listed);
    }

    [Fact]
    public void A_listed_member_leaving_lists_the_next_longest_present()
    {
        var roster = Filled(Roster.MaxListed + 2);

        roster.Remove(Key(7));

        Assert.Equal(Roster.MaxListed + 1, roster.View.Online);
        Assert.Equal(Expected([.. Enumerable.Range(1, Roster.MaxListed + 1).Where(id => id != 7)]), roster.View.Listed);
    }

    [Fact]
    public void A_member_beyond_the_list_joining_or_leaving_changes_only_the_count()
    {
        var roster = Filled(Roster.MaxListed + 2);
        var listed = roster.View.Listed.ToArray();

        roster.Remove(Key(Roster.MaxListed + 1));
        roster.Add(Key(500), "late");

        Assert.Equal(Roster.MaxListed + 2, roster.View.Online);
        Assert.Equal(listed, roster.View.Listed);
    }

    [Fact]
    public void A_rename_beyond_the_list_keeps_it_and_inside_it_shows()
    {
        var roster = Filled(Roster.MaxListed + 1);

        roster.Rename(Key(Roster.MaxListed + 1), "renamed-late");
        roster.Rename(Key(3), "renamed-early");
        roster.Remove(Key(Roster.MaxListed + 1));

        Assert.Contains("renamed-early", roster.View.Listed);
        Assert.DoesNotContain("m0003", roster.View.Listed);
        Assert.DoesNotContain("renamed-late", roster.View.Listed);
        Assert.Equal(Roster.MaxListed, roster.View.Online);
    }
}
