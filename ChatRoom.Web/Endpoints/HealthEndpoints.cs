using ChatRoom.Rooms;

namespace ChatRoom.Endpoints;

/// <summary>Liveness and readiness for orchestrators and load balancers.</summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok\n"));

        // The default room stands for the instance: shutting down, or cut off from its log. A full
        // room is not unready: members of other rooms are still welcome.
        endpoints.MapGet("/readyz", (RoomDirectory rooms) =>
            rooms.Default.Room.Unready is { } reason ? new ServiceUnavailable(reason) : Results.Text("ready\n"));
    }
}
