namespace ChatRoom.Rooms;

/// <summary>
/// Who holds a room on this instance: its members (joining or joined) and API calls posting to
/// it, and since when nobody has. <see cref="RoomDirectory"/> changes it under its lock only.
/// </summary>
internal sealed class RoomTenancy
{
    private int _members;
    private int _borrowers;
    private DateTimeOffset _emptySince = DateTimeOffset.MinValue;

    public void Hold(bool member)
    {
        if (member)
        {
            _members++;
        }
        else
        {
            _borrowers++;
        }
    }

    /// <summary>A notice posted does not make a room young again: only its last member leaving does.</summary>
    public void Release(bool member, DateTimeOffset now)
    {
        if (!member)
        {
            _borrowers--;
        }
        else if (--_members == 0)
        {
            _emptySince = now;
        }
    }

    public void Opened(DateTimeOffset now) => _emptySince = now;

    /// <summary>Nobody holds it, and nobody has since <paramref name="cutoff"/> or before.</summary>
    public bool IsEmptySince(DateTimeOffset cutoff) => _members == 0 && _borrowers == 0 && _emptySince <= cutoff;
}
