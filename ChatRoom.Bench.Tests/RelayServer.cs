using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatRoom.Bench.Tests;

/// <summary>
/// The simplest correct chat relay: every text frame to every other member of the sender's room
/// (<c>?room=</c>; and to the sender with <c>echo</c>), in order, nothing dropped. What the
/// generator's counts must agree with. <c>leaky</c> relays to every room alike, a broken server
/// whose cross-room copies the generator must catch.
/// </summary>
public sealed class RelayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<WebSocket, (string Room, SemaphoreSlim Gate)> _members = new();
    private readonly Lock _order = new();

    private RelayServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public static async Task<RelayServer> StartAsync(bool echo, CancellationToken ct, bool leaky = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var relay = new RelayServer(app);
        app.UseWebSockets();
        app.Map("/ws", context => relay.ServeAsync(context, echo, leaky));
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        relay.Url = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws");
        return relay;
    }

    private async Task ServeAsync(HttpContext context, bool echo, bool leaky)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var sendLock = new SemaphoreSlim(1);
        var room = context.Request.Query["room"].ToString();
        _members[socket] = (room, sendLock);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                var frame = buffer[..result.Count];

                // One broadcast at a time keeps every member's view in one order.
                List<(WebSocket, SemaphoreSlim)> targets;
                lock (_order)
                {
                    targets =
                    [
                        .. _members
                            .Where(m => (echo || m.Key != socket) && (leaky || m.Value.Room == room))
                            .Select(m => (m.Key, m.Value.Gate)),
                    ];
                }

                foreach (var (target, gate) in targets)
                {
                    await gate.WaitAsync(context.RequestAborted);
                    try
                    {
                        await target.SendAsync(frame, WebSocketMessageType.Text, true, context.RequestAborted);
                    }
                    catch (WebSocketException)
                    {
                    }
                    finally
                    {
                        gate.Release();
                    }
                }
            }

            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            _members.TryRemove(socket, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
