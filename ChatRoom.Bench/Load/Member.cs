using System.Net.WebSockets;
using ChatRoom.Bench.Wire;

namespace ChatRoom.Bench.Load;

/// <summary>
/// One chat member: a connection and the loop that reads what the room sends it, each marker
/// checked by its <see cref="DeliveryCheck"/>. By default the connection is a
/// <see cref="RawConnection"/> read by a <see cref="RawReceiveLoop"/>; <c>--client-websocket</c>
/// uses <see cref="ClientWebSocket"/> and <see cref="WebSocketReceiveLoop"/> instead, for comparison.
/// </summary>
public sealed class Member : IDisposable
{
    private readonly RunContext _run;
    private readonly DeliveryCheck _check;
    private Task _receiving = Task.CompletedTask;
    private RawConnection? _raw;
    private RawReceiveLoop? _rawLoop;

    public Member(RunContext run, int id)
    {
        _run = run;
        Id = id;
        Room = run.Layout.RoomOf(id);
        _check = new DeliveryCheck(run, id, Room);
        if (run.Options.ClientWebSocket)
        {
            Socket = new ClientWebSocket();

            // No client-initiated pings: every server here pings (or not) on its own, and a timer per
            // member costs memory at 20,000 members. Pongs to server pings are still answered.
            Socket.Options.KeepAliveInterval = TimeSpan.Zero;

            // A hint only: ManagedWebSocket reads payloads straight into the caller's buffer.
            Socket.Options.SetBuffer(256, 256);
        }
    }

    public int Id { get; }

    /// <summary>The room this member joins (<see cref="RoomLayout"/>).</summary>
    public int Room { get; }

    /// <summary>Measured copies this member received (read once the run has drained).</summary>
    public long Received => _check.Received;

    /// <summary>Only with <c>--client-websocket</c>.</summary>
    public ClientWebSocket? Socket { get; }

    public bool Connected { get; private set; }

    /// <summary>Connected, and neither side has started closing.</summary>
    public bool IsOpen => Socket is not null
        ? Socket.State == WebSocketState.Open
        : _raw is not null && !_raw.CloseSent && _rawLoop?.Finished != true;

    /// <summary>Why the room closed this member while the run was still going, if it did.</summary>
    public string? LostReason { get; private set; }

    public Task Receiving => _receiving;

    public async Task ConnectAsync(Uri url, HttpMessageInvoker invoker, CancellationToken ct)
    {
        if (Socket is not null)
        {
            await Socket.ConnectAsync(url, invoker, ct);
        }
        else
        {
            _raw = await RawConnection.ConnectAsync(url, ct);
        }

        Connected = true;
        _run.MemberOpened(Room);
    }

    /// <summary>One text message in one frame; throws <see cref="WebSocketException"/> when the connection is gone.</summary>
    public ValueTask SendTextAsync(ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        if (Socket is not null)
        {
            return Socket.SendAsync(payload, WebSocketMessageType.Text, true, ct);
        }

        return _raw is null
            ? throw new WebSocketException(WebSocketError.InvalidState, "not connected")
            : _raw.SendAsync(FrameReader.Text, payload, ct);
    }

    /// <summary>Starts a polite close (normal closure); the receive loop ends when the server answers.</summary>
    public Task CloseOutputAsync(CancellationToken ct) =>
        Socket is not null
            ? Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct)
            : _raw?.CloseAsync(1000, ct).AsTask() ?? Task.CompletedTask;

    public void Abort()
    {
        Socket?.Abort();
        _raw?.Abort();
    }

    public void StartReceiving(CancellationToken ct)
    {
        if (Socket is not null)
        {
            _receiving = WebSocketReceiveLoop.RunAsync(this, Socket, _run, _check, ct);
        }
        else
        {
            _rawLoop = new RawReceiveLoop(this, _run, _check, _raw!);
            _receiving = _rawLoop.RunAsync(ct);
        }
    }

    /// <summary>The room closed this member; closes during teardown are not losses.</summary>
    internal void Lost(string reason)
    {
        if (!_run.ShuttingDown)
        {
            LostReason = reason;
        }
    }

    public void Dispose()
    {
        Socket?.Dispose();
        _raw?.Dispose();
    }
}
