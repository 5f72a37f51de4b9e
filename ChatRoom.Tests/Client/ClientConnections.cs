using ChatRoom.Client;
using ChatRoom.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Tests.Client;

/// <summary>Connects <see cref="ChatClient"/>s for tests.</summary>
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
}
