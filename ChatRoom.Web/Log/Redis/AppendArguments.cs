using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Protocol;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>The append script's arguments for one command (Scripts/append.lua lists them).</summary>
internal sealed class AppendArguments(RedisKeys keys, LoadedRoom loaded, RedisRoomRules expiry, ChatOptions chat)
{
    /// <summary>
    /// Candidate names per round trip: "alice", "alice-2", … "alice-8"; a ninth alice costs a second.
    /// </summary>
    public const int CandidatesPerTry = 8;

    private readonly long _ttl = expiry.TtlMilliseconds(keys.Room);

    /// <param name="candidates">How many candidate names earlier tries of a join asked for (all taken).</param>
    public RedisValue[] For(RoomCommand command, string key, int candidates)
    {
        List<RedisValue> arguments =
        [
            loaded.Epoch ?? "", keys.Channel.ToString(), chat.MaxMembers, chat.AnnounceJoinsUpTo,
            chat.HistorySize, RedisOptions.StreamLength(chat.ResumeWindow), _ttl, key,
        ];
        switch (command)
        {
            case JoinCommand join:
                arguments.AddRange(["join", EntryCodec.Key(join.Member), join.Member.Instance, loaded.Incarnation,
                    join.Verified ? "1" : "", join.Name, MemberName.Fold(join.Name), join.BanKey]);
                foreach (var name in MemberName.Candidates(join.Name).Skip(candidates).Take(CandidatesPerTry))
                {
                    arguments.AddRange([name, MemberName.Fold(name)]);
                }

                break;
            case LeaveCommand leave:
                arguments.AddRange(["leave", EntryCodec.Key(leave.Member)]);
                break;
            case SayCommand say:
                arguments.AddRange(["say", EntryCodec.Key(say.Member), say.Text, say.IsAction ? "1" : "0"]);
                break;
            case RenameCommand rename:
                arguments.AddRange(
                    ["rename", EntryCodec.Key(rename.Member), rename.Name, MemberName.Fold(rename.Name)]);
                break;
            case ModerateCommand moderate:
                arguments.AddRange(["moderate", moderate.Action.Word(), moderate.Target,
                    MemberName.Fold(moderate.Target), moderate.By, moderate.Minutes, Sanctions.MaxEntries]);
                break;
            case DeleteCommand delete:
                arguments.AddRange(["delete", delete.Target, delete.By]);
                break;
            case NoticeCommand notice:
                arguments.AddRange(["notice", notice.Text]);
                break;
            default:
                throw new ArgumentException($"unknown command {command.GetType().Name}", nameof(command));
        }

        return [.. arguments];
    }
}
