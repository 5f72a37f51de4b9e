using ChatRoom.Model;
using Microsoft.Extensions.Options;

namespace ChatRoom.Rooms;

/// <summary>
/// Sends presence frames in rooms too large to announce every join: once per interval at most,
/// and only to members whose count changed (one timer for every room, not one per room or member).
/// </summary>
internal sealed class PresenceTicker(
    RoomDirectory directory,
    TimeProvider time,
    IOptions<ChatOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PresenceInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var room in directory.All)
                {
                    room.SendPresence();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
