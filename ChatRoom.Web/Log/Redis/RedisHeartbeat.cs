using ChatRoom.Model;
using ChatRoom.Names;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// This instance's heartbeat, every third of <see cref="RedisOptions.InstanceTimeout"/>: one script
/// that records the beat, reaps instances silent for longer than the timeout (the one survivor
/// whose script removes a dead instance announces its members' leaves), and reports the room's
/// newest position and epoch to the reader (a missed tail or a lost room shows within a beat).
/// An instance that finds itself no longer registered was declared dead: its reader resets.
/// </summary>
internal sealed class RedisHeartbeat(
    RedisConnection connection,
    RedisKeys keys,
    LoadedRoom loaded,
    RedisLogFeed feed,
    RoomInstance instance,
    RedisMetrics metrics,
    IOptions<RedisOptions> redisOptions,
    IOptions<ChatOptions> chatOptions,
    TimeProvider time,
    ILogger<RedisHeartbeat> logger) : BackgroundService
{
    // A clean stop tells the room at once rather than leave it to the timeout, if Redis answers soon.
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!redisOptions.Value.IsEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(redisOptions.Value.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await BeatAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (redisOptions.Value.IsEnabled && loaded.Epoch is not null)
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(StopBudget);
            try
            {
                await RunAsync(loaded.Epoch, reapSelf: true, budget.Token);
            }
            catch (Exception exception)
                when (exception is RedisException or OperationCanceledException or ObjectDisposedException)
            {
                // Then the others reap this instance after the timeout, as if it had died. (Disposed:
                // the host is being torn down around a stop that came too late.)
            }
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        if (loaded.Epoch is not { } epoch)
        {
            return;
        }

        var generation = loaded.Generation;
        RedisResult[] answer;
        try
        {
            answer = await RunAsync(epoch, reapSelf: false, cancellationToken);
        }
        catch (RedisException)
        {
            return;
        }

        var (registered, current, position) = ((long)answer[0] == 1, (string)answer[1]!, (long)answer[2]);
        if (registered || current != epoch)
        {
            feed.Post(new Tail(current, position, generation));
        }
        else
        {
            feed.Post(new DeclaredDead(generation));
        }
    }

    private async Task<RedisResult[]> RunAsync(string epoch, bool reapSelf, CancellationToken cancellationToken)
    {
        var chat = chatOptions.Value;
        var answer = (RedisResult[])(await connection.EvaluateAsync("heartbeat", RedisScripts.Heartbeat,
        [
            instance.Id, epoch, (long)redisOptions.Value.InstanceTimeout.TotalMilliseconds, keys.Channel.ToString(),
            RedisOptions.StreamLength(chat.ResumeWindow), chat.AnnounceJoinsUpTo, reapSelf ? "1" : "0",
        ], cancellationToken))!;
        if ((long)answer[3] is > 0 and var reaped)
        {
            metrics.Reaped(reaped);
            RedisLog.Reaped(logger, reaped);
        }

        return answer;
    }
}
