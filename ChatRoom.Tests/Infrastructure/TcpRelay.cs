using System.Buffers;
using System.Net.Sockets;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>One connection through a <see cref="TcpProxy"/>, and what it holds back while held.</summary>
internal sealed class TcpRelay(Socket client, Socket server)
{
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _held = new();
    private bool _isHeld;

    public Socket Client => client;

    public Socket Server => server;

    /// <summary>Completes when the server has closed its side (or failed).</summary>
    public TaskCompletionSource ServerClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsHeld
    {
        get
        {
            lock (_gate)
            {
                return _isHeld;
            }
        }
    }

    public void Hold()
    {
        lock (_gate)
        {
            _isHeld = true;
        }
    }

    /// <summary>Keeps <paramref name="bytes"/> while held: true; false when they are to be forwarded.</summary>
    public bool TryKeep(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (_isHeld)
            {
                _held.Write(bytes);
            }

            return _isHeld;
        }
    }

    public byte[] TakeHeld()
    {
        lock (_gate)
        {
            return _held.WrittenSpan.ToArray();
        }
    }
}
