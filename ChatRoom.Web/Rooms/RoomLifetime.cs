namespace ChatRoom.Rooms;

/// <summary>
/// The rooms' part in the host's start and stop: the default room and the configured ones are
/// opened and loaded before the server listens, so the first upgrade finds them ready; at stop
/// every room's reader stops.
/// </summary>
internal sealed class RoomLifetime(RoomDirectory directory) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var room in directory.OpenKept())
        {
            await room.StartAsync().WaitAsync(cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var room in directory.CloseAll())
        {
            await room.DisposeAsync();
        }
    }
}
