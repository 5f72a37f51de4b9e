using ChatRoom.Names;
using ChatRoom.Rooms;

namespace ChatRoom.Endpoints;

/// <summary>Liveness and readiness for orchestrators and load balancers.</summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok\n"));
        endpoints.MapGet("/readyz", (Room room) =>
            room.Unready is { } reason ? new ServiceUnavailable(reason) : Results.Text("ready\n"));
    }
}
