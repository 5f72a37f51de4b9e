using ChatRoom.Model;
using ChatRoom.Names;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// Appends one command with the append script, retrying a lost answer under the same key (one
/// event, one answer) until <see cref="Budget"/>; then the answer is <c>unavailable</c>, unless
/// the reader has seen the entry meanwhile, which makes it appended after all.
/// </summary>
internal sealed class RedisAppender(
    RedisConnection connection,
    RedisKeys keys,
    LoadedRoom loaded,
    PendingAppends pending,
    PendingLeaves leaves,
    RedisMetrics metrics,
    IOptions<ChatOptions> chatOptions,
    TimeProvider time)
{
    /// <summary>How long a member waits for Redis before its message is refused: longer than a short stall.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    // One batch of candidate names per round trip: "alice", "alice-2", … "alice-8"; a ninth alice costs a second.
    private const int CandidatesPerTry = 8;

    private readonly ChatOptions _chat = chatOptions.Value;

    /// <exception cref="RoomUnavailableException">No answer within the budget, or the room here is not the room in Redis.</exception>
    public async ValueTask<AppendResult> AppendAsync(RoomCommand command, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString("N");
        var attempt = pending.Start(key);
        var deadline = time.GetUtcNow() + Budget;
        var candidates = 0;
        var answered = false;
        try
        {
            while (true)
            {
                string answer;
                try
                {
                    answer = (string)(await connection.EvaluateAsync("append", RedisScripts.Append, Arguments(command, key, candidates), cancellationToken))!;
                }
                catch (RedisException exception)
                {
                    // Seen by the reader, or given up: one of the two, atomically, so never both.
                    if (attempt.Seen.IsCompleted || (time.GetUtcNow() >= deadline && !Abandon(command, key, attempt)))
                    {
                        answered = true;
                        return new AppendResult(AppendStatus.Appended, await attempt.Seen);
                    }

                    if (attempt.IsAbandoned)
                    {
                        throw new RoomUnavailableException("chat unavailable: " + exception.Message, exception);
                    }

                    await Task.WhenAny(attempt.Seen, Task.Delay(RetryDelay, time, cancellationToken));
                    cancellationToken.ThrowIfCancellationRequested();
                    continue;
                }

                if (answer == "more")
                {
                    candidates += CandidatesPerTry;
                    continue;
                }

                answered = true;
                return Decide(command, answer);
            }
        }
        finally
        {
            if (answered)
            {
                pending.Answered(key);
            }
            else if (!attempt.IsAbandoned)
            {
                // Cancelled (the member went away while waiting): the entry may still land.
                Abandon(command, key, attempt);
            }
        }
    }

    /// <summary>Gives the append up; a leave given up is owed to the room and retried in the background.</summary>
    private bool Abandon(RoomCommand command, string key, PendingAppend attempt)
    {
        if (!pending.TryAbandon(key, attempt))
        {
            return false;
        }

        if (command is LeaveCommand leave)
        {
            leaves.Add(leave.Member, key);
        }

        return true;
    }

    /// <summary>One attempt at a leave owed to the room: false when Redis did not answer.</summary>
    public async Task<bool> TryLeaveAsync(PendingLeave leave, CancellationToken cancellationToken)
    {
        try
        {
            var answer = (string?)await connection.EvaluateAsync(
                "append", RedisScripts.Append, Arguments(new LeaveCommand(leave.Member), leave.AppendKey, 0), cancellationToken);
            if (answer?.StartsWith("a:", StringComparison.Ordinal) == true)
            {
                metrics.Appended();
            }

            return true;
        }
        catch (RedisException)
        {
            return false;
        }
    }

    private AppendResult Decide(RoomCommand command, string answer)
    {
        switch (answer)
        {
            case "full":
                return AppendResult.Refused(AppendStatus.RoomFull);
            case "taken":
                return AppendResult.Refused(AppendStatus.NameTaken);
            case "same":
                return AppendResult.Refused(AppendStatus.NameUnchanged);
            case "none":
                return AppendResult.Refused(AppendStatus.NotAMember);
            case "epoch" when command is LeaveCommand:
                // The member was in a room Redis no longer has: there is nothing to leave.
                return AppendResult.Refused(AppendStatus.NotAMember);
            case "epoch":
                throw new RoomUnavailableException("chat unavailable: the room is being reloaded");
            case "unregistered":
                throw new RoomUnavailableException("chat unavailable: this instance is rejoining the room");
        }

        if (!answer.StartsWith("a:", StringComparison.Ordinal) || !long.TryParse(answer.AsSpan(2), out var position))
        {
            throw new InvalidOperationException($"unexpected answer from the append script: {answer}");
        }

        metrics.Appended();
        return new AppendResult(AppendStatus.Appended, position);
    }

    private RedisValue[] Arguments(RoomCommand command, string key, int candidates)
    {
        List<RedisValue> arguments =
        [
            loaded.Epoch ?? "", keys.Channel.ToString(), _chat.MaxMembers, _chat.AnnounceJoinsUpTo,
            _chat.HistorySize, RedisOptions.StreamLength(_chat.ResumeWindow), key,
        ];
        switch (command)
        {
            case JoinCommand join:
                arguments.AddRange(["join", EntryCodec.Key(join.Member), join.Member.Instance]);
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
                arguments.AddRange(["rename", EntryCodec.Key(rename.Member), rename.Name, MemberName.Fold(rename.Name)]);
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
