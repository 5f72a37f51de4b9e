using ChatRoom.Log;
using ChatRoom.Rooms;

namespace ChatRoom.Endpoints;

/// <summary>Liveness and readiness for orchestrators and load balancers.</summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok\n"));

        // Unready while shutting down or cut off from the log as a whole. One room full, or one room
        // unavailable (its Redis master down, the default room's too), is not unready: members of
        // the other rooms are still welcome.
        endpoints.MapGet("/readyz", (RoomDirectory rooms, ILogReach log) =>
            (rooms.IsShuttingDown ? Room.ShutdownNotice : log.CutOff) is { } reason
                ? new ServiceUnavailable(reason)
                : Results.Text("ready\n"));
    }
}
