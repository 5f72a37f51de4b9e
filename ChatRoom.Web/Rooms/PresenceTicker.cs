using ChatRoom.Model;
using Microsoft.Extensions.Options;

namespace ChatRoom.Rooms;

/// <summary>
/// Sends presence frames in rooms too large to announce every join: once per interval at most,
/// and only to members whose count changed (one timer for the room, not one per member).
/// </summary>
internal sealed class PresenceTicker(
    RoomOutlet outlet,
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
                outlet.SendPresence();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
