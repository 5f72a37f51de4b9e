using ChatRoom.Diagnostics;

namespace ChatRoom.Rooms;

/// <summary>
/// Once a second, forgets the rooms nobody has held for <c>Chat:EmptyRoomTtl</c>: their readers
/// stop, their state goes, and their next member starts a new epoch. So a room is forgotten within
/// a second after its TTL, with one timer for all rooms rather than one per room.
/// </summary>
internal sealed class EmptyRoomSweeper(RoomDirectory directory, TimeProvider time, ILogger<EmptyRoomSweeper> logger)
    : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var room in directory.TakeExpired(time.GetUtcNow()))
                {
                    ChatLog.RoomForgotten(logger, room.Name.Value);
                    await room.DisposeAsync();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
