using ChatRoom.Chat;

namespace ChatRoom.Endpoints;

/// <summary>Liveness and readiness for orchestrators and load balancers.</summary>
public static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok\n"));
        endpoints.MapGet("/readyz", (Room room, RoomCapacity capacity) =>
            room.IsShuttingDown ? Results.Text("shutting down\n", statusCode: StatusCodes.Status503ServiceUnavailable)
            : capacity.IsFull ? Results.Text("room is full\n", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready\n"));
    }
}
