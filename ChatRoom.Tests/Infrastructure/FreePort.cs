using System.Net;
using System.Net.Sockets;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// A loopback port nobody listens on now. Free when we look, not necessarily when it is bound:
/// whoever binds it must be ready to try another (RedisServer does).
/// </summary>
public static class FreePort
{
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
