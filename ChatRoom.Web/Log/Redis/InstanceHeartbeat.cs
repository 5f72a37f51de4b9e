using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatRoom.Log.Redis;

/// <summary>
/// Every third of <see cref="RedisOptions.InstanceTimeout"/>: this instance's one beat
/// (<see cref="InstanceBeat"/>), the leaves of the instances declared dead (<see cref="DeadInstanceReaper"/>),
/// and a look at each room open here (its newest position and epoch: a missed tail or a lost room
/// shows within a beat). A clean stop declares this instance dead itself and reaps its rooms at once.
/// </summary>
internal sealed class InstanceHeartbeat(
    InstanceBeat beat,
    DeadInstanceReaper reaper,
    OpenRedisRooms rooms,
    InstanceIncarnation incarnation,
    IOptions<RedisOptions> options,
    TimeProvider time) : BackgroundService
{
    // A clean stop tells the rooms at once rather than leave it to the timeout, if Redis answers soon.
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TickAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Never registered (no room ever loaded): nothing to reap. The rooms may be closed already.
        if (!options.Value.IsEnabled || incarnation.Current is null)
        {
            return;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(StopBudget);
        try
        {
            var last = await beat.BeatAsync(stop: true, budget.Token);
            await reaper.ReapAsync(last.Dead, budget.Token);
        }
        catch (Exception exception)
            when (exception is RedisException or OperationCanceledException or ObjectDisposedException)
        {
            // Then the others declare this instance dead after the timeout, as if it had died. (Disposed:
            // the host is being torn down around a stop that came too late.)
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        Beat current;
        try
        {
            current = await beat.BeatAsync(stop: false, cancellationToken);
        }
        catch (RedisException)
        {
            // Unknown, not dead: nobody is judged while the deployment's slot does not answer; the
            // rooms on other masters go on.
            current = new Beat(Incarnation: "", Dead: []);
        }

        await reaper.ReapAsync(current.Dead, cancellationToken);
        await Task.WhenAll(rooms.All.Select(room => room.CheckAsync(current.Incarnation, cancellationToken)));
    }
}
