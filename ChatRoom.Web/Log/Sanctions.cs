namespace ChatRoom.Log;

/// <summary>
/// A room's bans or mutes: each ban key (a member's subject or address) with when it ends and the
/// folded name it was given under. Bounded: expired entries are dropped whenever one is added, and
/// past <see cref="MaxEntries"/> the one that ends soonest goes (ties: the lowest key, ordinal),
/// as the Redis script drops them (append.lua). Not thread-safe: <see cref="RoomLedger"/>'s.
/// </summary>
internal sealed class Sanctions
{
    /// <summary>Bans, and mutes, a room keeps at most (docs/configuration-and-limits.md).</summary>
    public const int MaxEntries = 1000;

    private readonly Dictionary<string, (DateTimeOffset Until, string Fold)> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public bool Holds(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) && entry.Until > now;

    public void Add(string key, string fold, DateTimeOffset until, DateTimeOffset now)
    {
        DropExpired(now);
        _entries[key] = (until, fold);
        if (_entries.Count > MaxEntries)
        {
            var soonest = _entries
                .OrderBy(pair => pair.Value.Until)
                .ThenBy(pair => pair.Key, StringComparer.Ordinal)
                .First();
            _entries.Remove(soonest.Key);
        }
    }

    /// <summary>
    /// Ends every entry given under the name folded as <paramref name="fold"/>; false when none holds.
    /// </summary>
    public bool RemoveNamed(string fold, DateTimeOffset now)
    {
        DropExpired(now);
        var named = _entries.Where(pair => pair.Value.Fold == fold).Select(pair => pair.Key).ToList();
        foreach (var key in named)
        {
            _entries.Remove(key);
        }

        return named.Count > 0;
    }

    private void DropExpired(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Until <= now)
            {
                _entries.Remove(key);
            }
        }
    }
}
