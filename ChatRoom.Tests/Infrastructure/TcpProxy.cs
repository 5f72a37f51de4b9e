using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of a server, so a test can cut a client's connection the way a
/// network does: <see cref="DropAll"/> resets every connection through it, and neither end sees a
/// close frame; <see cref="Hold"/> keeps what clients send back, to deliver it late.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private volatile Uri _target;
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly ConcurrentDictionary<TcpRelay, byte> _relays = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private TcpProxy(Uri target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    /// <summary>http://127.0.0.1:PORT/ of the proxy: connect here instead of to the server.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public static TcpProxy To(Uri target) => new(target);

    /// <summary>
    /// Sends new connections to another server from now on, as a restart at the same address does,
    /// without the race of a restarted server taking its old port back from the rest of the suite.
    /// </summary>
    public void RouteTo(Uri target) => _target = target;

    /// <summary>Resets every connection through the proxy (RST, no FIN); new ones are still accepted.</summary>
    public void DropAll()
    {
        foreach (var socket in _sockets.Keys)
        {
            Reset(socket);
        }
    }

    /// <summary>
    /// Holds back what clients send on the connections open now, as a network that stopped
    /// delivering one way: kept, not forwarded (answers to what went before still come back).
    /// Connections made later are not held.
    /// </summary>
    public void Hold()
    {
        foreach (var relay in _relays.Keys)
        {
            relay.Hold();
        }
    }

    /// <summary>Resets the client side of each held connection: the client gives it up and connects anew.</summary>
    public void CutHeldClients()
    {
        foreach (var relay in _relays.Keys.Where(relay => relay.IsHeld))
        {
            Reset(relay.Client);
        }
    }

    /// <summary>
    /// Delivers what each held connection kept, late, then half-closes it; returns once the server
    /// has closed each, which Redis does only after running every command sent before the close.
    /// </summary>
    public async Task ReleaseAsync()
    {
        foreach (var relay in _relays.Keys.Where(relay => relay.IsHeld).ToList())
        {
            Reset(relay.Client);
            await relay.Server.SendAsync(relay.TakeHeld(), SocketFlags.None, _stop.Token);
            relay.Server.Shutdown(SocketShutdown.Send);
            await relay.ServerClosed.Task.WaitAsync(RawSocket.HangGuard, _stop.Token);
            Reset(relay.Server);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropAll();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var pumps = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                pumps.Add(TcpRelayAsync(client));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(pumps);
    }

    /// <summary>
    /// Connects one client to the target and copies both ways. While the target is down (a server
    /// restarting behind the proxy) the client is reset, as a refused connection would be, and the
    /// proxy goes on accepting.
    /// </summary>
    private async Task TcpRelayAsync(Socket client)
    {
        _sockets[client] = 0;
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _sockets[server] = 0;
        try
        {
            var target = _target;
            await server.ConnectAsync(target.Host, target.Port, _stop.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            Reset(client);
            Reset(server);
            return;
        }

        var relay = new TcpRelay(client, server);
        _relays[relay] = 0;
        await Task.WhenAll(PumpAsync(relay, client, server), PumpAsync(relay, server, client));
        _relays.TryRemove(relay, out _);
    }

    /// <summary>
    /// Copies one direction until either socket ends; then ends both. A held connection is not
    /// ended by its client: its server side waits for <see cref="ReleaseAsync"/>.
    /// </summary>
    private async Task PumpAsync(TcpRelay relay, Socket from, Socket to)
    {
        var upstream = from == relay.Client;
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                if (upstream && relay.TryKeep(buffer.AsSpan(0, read)))
                {
                    continue;
                }

                try
                {
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                }
                catch (Exception exception) when (!upstream && relay.IsHeld && exception is SocketException or ObjectDisposedException)
                {
                    // Its client was cut: the server's answers go nowhere, and its close is still awaited.
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            if (!upstream)
            {
                relay.ServerClosed.TrySetResult();
            }

            if (!relay.IsHeld)
            {
                // A dropped connection ends both directions: the peer sees a reset, not a close.
                Reset(from);
                Reset(to);
            }

            return;
        }

        if (!upstream)
        {
            relay.ServerClosed.TrySetResult();
        }

        if (!relay.IsHeld)
        {
            try
            {
                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                // The other direction ended first and reset both sockets (the client closed and left at once).
            }
        }
    }

    /// <summary>Closes with RST: a zero linger time discards unsent data and skips the FIN.</summary>
    private void Reset(Socket socket)
    {
        if (!_sockets.TryRemove(socket, out _))
        {
            return;
        }

        try
        {
            socket.LingerState = new LingerOption(enable: true, seconds: 0);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }
}
