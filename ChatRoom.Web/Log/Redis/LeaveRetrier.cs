using ChatRoom.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// Appends the leaves Redis did not take at the time, each retried until it lands, or its member
/// is no longer in the room (a survivor announced it when this instance was declared dead, or the
/// room was lost): a member's leave is never dropped while Redis is merely away. Each round tries
/// every leave once, so a room whose master is down holds up no other room's leaves.
/// </summary>
internal sealed class LeaveRetrier(
    PendingLeaves leaves, RedisMetrics metrics, IOptions<RedisOptions> options, TimeProvider time,
    ILogger<LeaveRetrier> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsEnabled)
        {
            return;
        }

        var owed = new List<PendingLeave>();
        try
        {
            while (true)
            {
                if (owed.Count == 0)
                {
                    owed.Add(await leaves.Reader.ReadAsync(stoppingToken));
                }

                while (leaves.Reader.TryRead(out var leave))
                {
                    owed.Add(leave);
                }

                var landed = await Task.WhenAll(owed.Select(leave => TryLeaveAsync(leave, stoppingToken)));
                owed = [.. owed.Where((_, i) => !landed[i])];
                if (owed.Count > 0)
                {
                    await Task.Delay(RetryDelay, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the instance's own last heartbeat declares it dead, and its rooms are reaped.
        }
    }

    /// <summary>One attempt: false when Redis did not answer.</summary>
    private async Task<bool> TryLeaveAsync(PendingLeave leave, CancellationToken cancellationToken)
    {
        try
        {
            var answer = (string?)await leave.Scripts.EvaluateAsync("append", RedisScripts.Append,
                leave.Arguments.For(new LeaveCommand(leave.Member), leave.AppendKey, 0), cancellationToken);
            if (answer?.StartsWith("a:", StringComparison.Ordinal) == true)
            {
                metrics.Appended();
            }

            return true;
        }
        catch (RedisException)
        {
            RedisLog.LeaveRetrying(logger, leave.Member.ToString());
            return false;
        }
    }
}
