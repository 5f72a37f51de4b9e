using ChatRoom.Diagnostics;
using ChatRoom.Hosting;
using ChatRoom.Hosting.Limits;
using ChatRoom.Names;
using ChatRoom.Transport;

namespace ChatRoom.Endpoints;

/// <summary>
/// The refusals of <c>/ws</c> that protect the process rather than the room, checked right before
/// the room-full check: an address over its upgrade rate (<see cref="UpgradeThrottle"/>), and a
/// member the open-file limit cannot hold (<see cref="ConnectionGuard"/>), and a process whose members'
/// send queues together hold <c>Chat:MaxQueuedBytes</c> (<see cref="QueuedBytes"/>).
/// Each is a 503 with <c>Retry-After</c>, counted in <c>chatroom.upgrades.refused</c>.
/// </summary>
internal static class UpgradeRefusals
{
    public const string Throttled = "throttled";
    public const string Connections = "connections";
    public const string Memory = "queued_bytes";

    public static IResult? Check(HttpContext context)
    {
        var services = context.RequestServices;
        if (services.GetRequiredService<UpgradeThrottle>().TryAdmit(context.Connection.RemoteIpAddress) is { } wait)
        {
            services.GetRequiredService<ChatMetrics>().UpgradeRefused(Throttled);
            return new ServiceUnavailable("too many connections from your address, try again later\n", wait);
        }

        if (services.GetRequiredService<ConnectionGuard>().MembersFull)
        {
            services.GetRequiredService<ChatMetrics>().UpgradeRefused(Connections);
            return new ServiceUnavailable("server is at its connection limit, try again later\n");
        }

        if (services.GetRequiredService<QueuedBytes>().IsFull)
        {
            services.GetRequiredService<ChatMetrics>().UpgradeRefused(Memory);
            return new ServiceUnavailable("server is busy sending, try again later\n");
        }

        return null;
    }
}
