using System.Globalization;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// Settles an append whose outcome is unknown (its attempts may have reached Redis, no answer came
/// back) before its sender hears anything: Scripts/settle.lua answers what the append did under its
/// key, or records the key as refused, atomically, so that a refused append never lands later.
/// </summary>
internal sealed class AppendSettler(RoomScripts scripts, RedisMetrics metrics, TimeProvider time)
{
    /// <summary>
    /// How long settling may take after the append's own budget: together under the 15 s a client
    /// waits for an answer (ChatClientOptions.ReplyTimeout), with a try's one-second timeout to spare.
    /// </summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(8);

    /// <summary>
    /// How long Redis remembers a refusal: an attempt still on its way must find it. Longer than
    /// TCP retransmits a segment on a connection given up for dead (Linux: ~15 minutes).
    /// </summary>
    public static readonly TimeSpan RefusalKept = TimeSpan.FromHours(1);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The append script's answer under <paramref name="key"/> (<c>a:POSITION</c>, <c>full</c>, …),
    /// or <c>refused</c> (it never ran and now never will); null when Redis did not answer within
    /// <see cref="Budget"/> and the reader did not see the entry either.
    /// </summary>
    public async Task<string?> SettleAsync(string key, PendingAppend attempt, CancellationToken cancellationToken)
    {
        var answer = await AskAsync(key, attempt, cancellationToken);
        metrics.Settled(answer switch
        {
            null => "unknown",
            "refused" => "refused",
            _ => "answered",
        });
        return answer;
    }

    private async Task<string?> AskAsync(string key, PendingAppend attempt, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + Budget;
        RedisValue[] arguments = [key, (long)RefusalKept.TotalSeconds];
        while (true)
        {
            if (attempt.Seen.IsCompleted)
            {
                return Appended(await attempt.Seen);
            }

            try
            {
                return (string)(await scripts.EvaluateAsync("settle", RedisScripts.Settle, arguments,
                    cancellationToken))!;
            }
            catch (RedisException) when (time.GetUtcNow() < deadline)
            {
                await Task.WhenAny(attempt.Seen, Task.Delay(RetryDelay, time, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (RedisException)
            {
                return attempt.Seen.IsCompleted ? Appended(await attempt.Seen) : null;
            }
        }
    }

    /// <summary>The append script's answer for an entry at <paramref name="position"/>.</summary>
    public static string Appended(long position) => string.Create(CultureInfo.InvariantCulture, $"a:{position}");
}
