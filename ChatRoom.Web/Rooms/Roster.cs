using ChatRoom.Log;
using ChatRoom.Model;
using ChatRoom.Wire;

namespace ChatRoom.Rooms;

/// <summary>
/// Everyone in the room, on every instance, longest present first. Changed only by the room's
/// reader; any thread reads <see cref="View"/>, an immutable summary published after each change.
/// </summary>
internal sealed class Roster
{
    /// <summary>Names listed in a welcome, a /who reply or /api/room; the rest are counted.</summary>
    public const int MaxListed = 100;

    private readonly LinkedList<(MemberKey Key, string Name)> _byAge = new();
    private readonly Dictionary<MemberKey, LinkedListNode<(MemberKey Key, string Name)>> _byKey = [];
    private readonly HashSet<MemberKey> _verified = [];
    private RosterView _view = new(0, []);

    public RosterView View => Volatile.Read(ref _view);

    public int Count => _byKey.Count;

    /// <summary>True for a signed-in member: its name is its token's, and reserved while it is here.</summary>
    public bool IsVerified(MemberKey key) => _verified.Contains(key);

    public void Add(MemberKey key, string name, bool verified = false)
    {
        if (!_byKey.ContainsKey(key))
        {
            _byKey.Add(key, _byAge.AddLast((key, name)));
            if (verified)
            {
                _verified.Add(key);
            }

            Publish(listedChanged: _byAge.Count <= MaxListed);
        }
    }

    public void Remove(MemberKey key)
    {
        if (_byKey.Remove(key, out var node))
        {
            _verified.Remove(key);
            var wasListed = IsListed(node.Value.Name);
            _byAge.Remove(node);
            Publish(listedChanged: wasListed);
        }
    }

    public void Rename(MemberKey key, string name)
    {
        if (_byKey.TryGetValue(key, out var node))
        {
            node.Value = (key, name);
            Publish(listedChanged: true);
        }
    }

    public void Clear()
    {
        _byAge.Clear();
        _byKey.Clear();
        _verified.Clear();
        Publish(listedChanged: true);
    }

    // Names are unique in a room, so a name in the list is that member's.
    private bool IsListed(string name) => Array.IndexOf(_view.ListedNames, name) >= 0;

    // O(MaxListed) when the listed names change, never O(members); a join or leave beyond the
    // longest-present MaxListed keeps the list and its order, so a join storm in a large room
    // neither copies nor sorts it.
    private void Publish(bool listedChanged)
    {
        if (!listedChanged)
        {
            Volatile.Write(ref _view, new RosterView(_byAge.Count, _view.ListedNames));
            return;
        }

        var names = new string[Math.Min(MaxListed, _byAge.Count)];
        var node = _byAge.First;
        for (var i = 0; i < names.Length; i++, node = node.Next)
        {
            names[i] = node!.Value.Name;
        }

        Array.Sort(names, StringComparer.OrdinalIgnoreCase);
        Volatile.Write(ref _view, new RosterView(_byAge.Count, names));
    }
}

/// <summary>
/// The room's count and up to <see cref="Roster.MaxListed"/> names, sorted. Its /who frames are
/// encoded once and reused by every asker until membership changes.
/// </summary>
internal sealed class RosterView(int online, string[] listed)
{
    private SharedReply? _who;

    public int Online { get; } = online;

    public IReadOnlyList<string> Listed => ListedNames;

    /// <summary>Shared with the next view when the listed names did not change: never written to.</summary>
    internal string[] ListedNames { get; } = listed;

    public byte[] WhoFrame(IWireFormat format) => (_who ??= new SharedReply(new MemberList(
        Listed,
        Online))).For(format);
}
