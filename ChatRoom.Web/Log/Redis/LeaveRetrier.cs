using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatRoom.Log.Redis;

/// <summary>
/// Appends the leaves Redis did not take at the time, one at a time, until each lands, or its
/// member is no longer in the room (a survivor announced it when this instance was declared dead,
/// or the room was lost): a member's leave is never dropped while Redis is merely away.
/// </summary>
internal sealed class LeaveRetrier(
    PendingLeaves leaves, RedisAppender appender, IOptions<RedisOptions> options, TimeProvider time,
    ILogger<LeaveRetrier> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsEnabled)
        {
            return;
        }

        try
        {
            await foreach (var leave in leaves.Reader.ReadAllAsync(stoppingToken))
            {
                while (!await appender.TryLeaveAsync(leave, stoppingToken))
                {
                    RedisLog.LeaveRetrying(logger, leave.Member.ToString());
                    await Task.Delay(RetryDelay, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the instance's own last heartbeat reaps whoever is still listed.
        }
    }
}
