using ChatRoom.Model;
using ChatRoom.Names;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// Appends one command with the append script, retrying a lost answer under the same key (one
/// event, one answer) until <see cref="Budget"/>. An append that may have reached Redis without
/// an answer is then settled (<see cref="AppendSettler"/>): appended, or refused for good. Only
/// Redis silent through the settling too leaves it unknown, and then the sender hears neither.
/// </summary>
internal sealed class RedisAppender(
    RoomScripts scripts,
    AppendArguments arguments,
    PendingAppends pending,
    RoomLeaves leaves,
    AppendSettler settler,
    RedisLogFeed feed,
    RedisMetrics metrics,
    TimeProvider time)
{
    /// <summary>How long an append is retried before it is settled: longer than a short stall.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    // No attempt was written to Redis (it failed at once, without a connection): nothing can land.
    private const string NotSent = "not sent";

    /// <exception cref="RoomUnavailableException">Not appended and never will be (Redis refused it or never got it), or
    /// the room here is not the room in Redis.</exception>
    /// <exception cref="AppendOutcomeUnknownException">It may have been appended: Redis went silent past the budget and
    /// the settling.</exception>
    public async ValueTask<AppendResult> AppendAsync(RoomCommand command, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString("N");
        var attempt = pending.Start(key);
        string? answer;
        try
        {
            answer = await AnswerAsync(command, key, attempt, cancellationToken);
        }
        catch
        {
            // Cancelled (the member went away while waiting): the entry may still land, nobody's answer.
            Abandon(command, key, attempt);
            throw;
        }

        // Abandoned, or seen by the reader first: one of the two, atomically, so never both.
        if (answer is null && !Abandon(command, key, attempt))
        {
            answer = AppendSettler.Appended(await attempt.Seen);
        }

        if (answer is not null)
        {
            pending.Answered(key);
        }

        return answer switch
        {
            NotSent => throw new RoomUnavailableException("chat unavailable: Redis is unreachable"),
            null when command is LeaveCommand =>
                throw new RoomUnavailableException("chat unavailable: the leave is retried until Redis takes it"),
            // Not welcomed: a join that lands after all is followed by its leave (RedisLogFeed).
            null when command is JoinCommand =>
                throw new RoomUnavailableException("chat unavailable: Redis did not answer"),
            null => throw new AppendOutcomeUnknownException("Redis did not answer whether it was appended"),
            _ => Decide(command, answer),
        };
    }

    /// <summary>
    /// The append script's answer, got by retrying or by settling; <see cref="NotSent"/> when no
    /// attempt reached Redis; null when unknown (a leave is not settled: it is retried until it lands).
    /// </summary>
    private async Task<string?> AnswerAsync(RoomCommand command, string key, PendingAppend attempt,
        CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + Budget;
        var candidates = 0;
        var maybeSent = false;
        while (true)
        {
            try
            {
                var answer = (string)(await scripts.EvaluateAsync("append", RedisScripts.Append,
                    arguments.For(command, key, candidates), cancellationToken))!;
                if (answer != "more")
                {
                    return answer;
                }

                candidates += AppendArguments.CandidatesPerTry;
                continue;
            }
            catch (RedisException failure)
            {
                maybeSent |= RedisConnection.MaybeSent(failure);
            }

            if (attempt.Seen.IsCompleted)
            {
                return AppendSettler.Appended(await attempt.Seen);
            }

            if (time.GetUtcNow() < deadline)
            {
                await Task.WhenAny(attempt.Seen, Task.Delay(RetryDelay, time, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                continue;
            }

            return command is LeaveCommand ? null
                : maybeSent ? await settler.SettleAsync(key, attempt, cancellationToken)
                : NotSent;
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

    private AppendResult Decide(RoomCommand command, string answer)
    {
        switch (answer)
        {
            case "refused":
                // Settled: it never ran, and settle.lua made sure it never will.
                throw new RoomUnavailableException("chat unavailable: Redis did not answer in time");
            case "full":
                return AppendResult.Refused(AppendStatus.RoomFull);
            case "taken":
                return AppendResult.Refused(AppendStatus.NameTaken);
            case "same":
                return AppendResult.Refused(AppendStatus.NameUnchanged);
            case "none":
                return AppendResult.Refused(AppendStatus.NotAMember);
            case "banned":
                return AppendResult.Refused(AppendStatus.Banned);
            case "muted":
                return AppendResult.Refused(AppendStatus.Muted);
            case "notfound":
                return AppendResult.Refused(AppendStatus.NotFound);
            case "epoch" when command is LeaveCommand:
                // The member was in a room Redis no longer has: there is nothing to leave.
                return AppendResult.Refused(AppendStatus.NotAMember);
            case "epoch":
                // The room in Redis is not the one loaded here (lost, or expired while empty): the
                // reader finds out from the stream and loads it again.
                feed.Post(new MaybeMissed());
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
}
