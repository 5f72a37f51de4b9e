using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Protocol;

namespace ChatRoom.Log;

/// <summary>
/// The decisions of the in-process log: who is a member under which name, how many there are,
/// and the next position and id. The Redis log makes the same decisions in its script.
/// Not thread-safe: the log calls it under its lock.
/// </summary>
internal sealed class RoomLedger(int maxMembers, int announceJoinsUpTo)
{
    private readonly Dictionary<MemberKey, string> _names = [];
    /// <summary>Who holds each name, by its <see cref="MemberName.Fold"/>: look-alike names are one name.</summary>
    private readonly Dictionary<string, MemberKey> _owners = new(StringComparer.Ordinal);
    private readonly Dictionary<MemberKey, string> _banKeys = [];
    private readonly Sanctions _bans = new();
    private readonly Sanctions _mutes = new();
    /// <summary>Signed-in members: their names are reserved while they are here.</summary>
    private readonly HashSet<MemberKey> _verified = [];
    private long _position;
    private long _lastId;

    /// <summary>
    /// Decides <paramref name="command"/>; <paramref name="entry"/> is what to append, null when refused.
    /// <paramref name="displaced"/>, appended first, is the rename of an anonymous member whose name
    /// a signed-in joiner takes.
    /// </summary>
    public AppendResult Decide(RoomCommand command, DateTimeOffset now, out LogEntry? entry, out LogEntry? displaced)
    {
        entry = null;
        displaced = null;
        switch (command)
        {
            // A member joins once: a second join is refused before the room's size is looked at.
            case JoinCommand join when _names.ContainsKey(join.Member):
                return AppendResult.Refused(AppendStatus.NotAMember);
            case JoinCommand join when _bans.Holds(join.BanKey, now):
                return AppendResult.Refused(AppendStatus.Banned);
            case JoinCommand join when _names.Count >= maxMembers:
                return AppendResult.Refused(AppendStatus.RoomFull);
            case JoinCommand join:
                if (join.Verified && _owners.TryGetValue(MemberName.Fold(join.Name), out var holder)
                    && !_verified.Contains(holder))
                {
                    displaced = Rename(holder, MemberName.MakeUnique(join.Name, IsTaken), now);
                }

                var name = MemberName.MakeUnique(join.Name, IsTaken);
                _names.Add(join.Member, name);
                _owners.Add(MemberName.Fold(name), join.Member);
                _banKeys.Add(join.Member, join.BanKey);
                if (join.Verified)
                {
                    _verified.Add(join.Member);
                }

                entry = Next(now, new MemberJoined(name, _names.Count, join.Verified), join.Member,
                    broadcast: _names.Count <= announceJoinsUpTo);
                break;
            case LeaveCommand leave when _names.Remove(leave.Member, out var leaving):
                _owners.Remove(MemberName.Fold(leaving));
                _banKeys.Remove(leave.Member);
                entry = Next(now, new MemberLeft(leaving, _names.Count, _verified.Remove(leave.Member)), leave.Member,
                    broadcast: _names.Count + 1 <= announceJoinsUpTo);
                break;
            case SayCommand say when _names.ContainsKey(say.Member) && _mutes.Holds(_banKeys[say.Member], now):
                return AppendResult.Refused(AppendStatus.Muted);
            case SayCommand say when _names.TryGetValue(say.Member, out var from):
                entry = Next(now, new ChatMessage(from, say.Text, say.IsAction, _verified.Contains(say.Member)),
                    say.Member, broadcast: true);
                break;
            case RenameCommand rename when _names.TryGetValue(rename.Member, out var current):
                if (rename.Name == current)
                {
                    return AppendResult.Refused(AppendStatus.NameUnchanged);
                }

                var fold = MemberName.Fold(rename.Name);
                if (_owners.TryGetValue(fold, out var owner) && owner != rename.Member)
                {
                    return AppendResult.Refused(AppendStatus.NameTaken);
                }

                entry = Rename(rename.Member, rename.Name, now);
                break;
            case NoticeCommand notice:
                entry = Next(now, new Notice(notice.Text), member: null, broadcast: true);
                break;
            case ModerateCommand { Action: ModerationAction.Unban } unban:
                if (!_bans.RemoveNamed(MemberName.Fold(unban.Target), now))
                {
                    return AppendResult.Refused(AppendStatus.NotFound);
                }

                entry = Next(now, new Moderated(ModerationAction.Unban, unban.Target, unban.By, 0), null, true);
                break;
            case ModerateCommand moderate when _owners.TryGetValue(MemberName.Fold(moderate.Target), out var target):
                entry = Moderate(moderate, target, now);
                break;
            case DeleteCommand delete when delete.Target > 0 && delete.Target <= _lastId:
                entry = Next(now, new MessageDeleted(delete.Target, delete.By), member: null, broadcast: true);
                break;
            case ModerateCommand or DeleteCommand:
                return AppendResult.Refused(AppendStatus.NotFound);
            default:
                return AppendResult.Refused(AppendStatus.NotAMember);
        }

        return new AppendResult(AppendStatus.Appended, entry.Position);
    }

    /// <summary>A kick, mute or ban of a member in the room: a mute or ban holds its ban key until then.</summary>
    private LogEntry Moderate(ModerateCommand moderate, MemberKey target, DateTimeOffset now)
    {
        var name = _names[target];
        var minutes = moderate.Action.IsTimed() ? moderate.Minutes : 0;
        var until = now.AddMinutes(minutes);
        switch (moderate.Action)
        {
            case ModerationAction.Mute:
                _mutes.Add(_banKeys[target], MemberName.Fold(name), until, now);
                break;
            case ModerationAction.Ban:
                _bans.Add(_banKeys[target], MemberName.Fold(name), until, now);
                break;
        }

        var banKey = moderate.Action == ModerationAction.Ban ? _banKeys[target] : "";
        return Next(now, new Moderated(moderate.Action, name, moderate.By, minutes, banKey), target, broadcast: true);
    }

    private bool IsTaken(string candidate) => _owners.ContainsKey(MemberName.Fold(candidate));

    private LogEntry Rename(MemberKey member, string name, DateTimeOffset now)
    {
        var current = _names[member];
        _owners.Remove(MemberName.Fold(current));
        _owners.Add(MemberName.Fold(name), member);
        _names[member] = name;
        return Next(now, new MemberRenamed(current, name), member, broadcast: true);
    }

    private LogEntry Next(DateTimeOffset now, RoomEvent change, MemberKey? member, bool broadcast) =>
        new(++_position, broadcast ? ++_lastId : 0, now, change, member);
}
