using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of a server, so a test can cut a client's connection the way a
/// network does: <see cref="DropAll"/> resets every connection through it, and neither end sees a
/// close frame.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private volatile Uri _target;
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
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
                pumps.Add(RelayAsync(client));
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
    private async Task RelayAsync(Socket client)
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

        await Task.WhenAll(PumpAsync(client, server), PumpAsync(server, client));
    }

    /// <summary>Copies one direction until either socket ends; then ends both.</summary>
    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // A dropped connection ends both directions: the peer sees a reset, not a close.
            Reset(from);
            Reset(to);
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
