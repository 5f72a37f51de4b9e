namespace ChatRoom.Chat;

/// <summary>
/// The room's members, by unique case-insensitive name. Mutated only under the room's lock;
/// <see cref="All"/> is an immutable snapshot any thread may read without it.
/// </summary>
public sealed class MemberRegistry
{
    private readonly Dictionary<string, Member> _byName = new(StringComparer.OrdinalIgnoreCase);
    private Member[] _all = [];

    public Member[] All => Volatile.Read(ref _all);

    public int Count => All.Length;

    public bool IsTaken(string name) => _byName.ContainsKey(name);

    public bool Contains(Member member) => _byName.TryGetValue(member.Name, out var owner) && owner == member;

    public bool IsTakenByOther(string name, Member member) =>
        _byName.TryGetValue(name, out var owner) && owner != member;

    public void Add(Member member)
    {
        _byName.Add(member.Name, member);
        Volatile.Write(ref _all, [.. _all, member]);
    }

    public bool Remove(Member member)
    {
        if (!_byName.TryGetValue(member.Name, out var owner) || owner != member)
        {
            return false;
        }

        _byName.Remove(member.Name);
        Volatile.Write(ref _all, Array.FindAll(_all, m => m != member));
        return true;
    }

    public void Rename(Member member, string newName)
    {
        _byName.Remove(member.Name);
        member.Name = newName;
        _byName.Add(newName, member);
    }

    /// <summary>Up to <paramref name="limit"/> names (the longest-present first), sorted.</summary>
    public string[] Names(int limit)
    {
        var all = All;
        var names = new string[Math.Min(limit, all.Length)];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = all[i].Name;
        }

        Array.Sort(names, StringComparer.OrdinalIgnoreCase);
        return names;
    }
}
