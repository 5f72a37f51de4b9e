using System.Net;
using System.Net.Sockets;
using ChatRoom.Client;
using ChatRoom.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Tests.Client;

/// <summary>Connects <see cref="ChatClient"/>s for tests, and finds ports for servers that restart.</summary>
public static class ClientConnections
{
    public static Uri SocketUri(Uri baseAddress) => new($"ws://{baseAddress.Authority}/ws");

    /// <summary>A client whose delays run on <paramref name="time"/>, with no jitter unless asked.</summary>
    public static Task<ChatClient> ConnectAsync(Uri baseAddress, string name, FakeTimeProvider? time = null, string? key = null, ChatClientOptions? options = null)
    {
        options ??= new ChatClientOptions { ReconnectJitter = 0 };
        if (time is not null)
        {
            options = options with { TimeProvider = time };
        }

        return ChatClient.ConnectAsync(SocketUri(baseAddress), name, key, options, TestContext.Current.CancellationToken);
    }

    /// <summary>A fake clock that moves only when a test advances it.</summary>
    public static FakeTimeProvider StoppedClock() => new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A loopback port that is free now: a restarted server listens on it again.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
