using ChatRoom.Diagnostics;
using ChatRoom.Log;

namespace ChatRoom.Rooms;

/// <summary>
/// The one reader of the room's log on this instance: loads the room, then applies every entry in
/// position order, for the life of the process: the reducer turns each into effects, the outlet
/// carries them out. When the log cannot go on (a new epoch), the room here is reset and loaded
/// again; when it is unreachable, reading is retried.
/// </summary>
internal sealed class RoomReader(
    IRoomLog log,
    RoomReducer reducer,
    RoomOutlet outlet,
    LocalMembers locals,
    TimeProvider time,
    ILogger<RoomReader> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Loads the room before the server listens, so the first upgrade finds it ready.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            reducer.Load(await log.LoadAsync(cancellationToken));
        }
        catch (RoomUnavailableException exception)
        {
            ChatLog.RoomUnavailable(logger, exception.Message);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var state = reducer.State;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (state.Epoch is null)
                {
                    reducer.Load(await log.LoadAsync(stoppingToken));
                }

                await using var entries = log.ReadAsync(
                    state.Position,
                    stoppingToken).GetAsyncEnumerator(stoppingToken);
                while (true)
                {
                    var next = entries.MoveNextAsync();
                    if (!next.IsCompleted)
                    {
                        // Every entry at hand is applied: now write what they queued, a batch per member.
                        outlet.Flush();
                    }

                    if (!await next)
                    {
                        break;
                    }

                    outlet.Apply(reducer.Apply(entries.Current, locals));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is RoomUnavailableException or RoomRefusedException)
            {
                // Refused on a reload (the deployment's list dropped the room meanwhile and is full):
                // its members here were reset already; try again like an unreachable log.
                ChatLog.RoomUnavailable(logger, exception.Message);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
            catch (Exception exception)
            {
                // A reset, or a fault while applying: either way this copy of the room can no longer
                // be trusted, so start again from the log rather than serve a wrong one.
                ChatLog.RoomReset(logger, exception);
                reducer.Reset();
                outlet.Reset(new RoomUnavailableException(exception.Message));
            }
        }
    }
}
