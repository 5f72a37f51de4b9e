using System.Buffers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using ChatRoom.Bench.Wire;

namespace ChatRoom.Bench.Load;

/// <summary>
/// A WebSocket client made of a plain <see cref="Socket"/>: our own HTTP/1.1 upgrade, then frames
/// written and parsed directly. The generator's receive cost is per frame, and against a server
/// that sends one event per frame ClientWebSocket's receive machinery cost more CPU than the
/// server spent sending; this keeps the per-frame work to one header parse.
/// </summary>
public sealed class RawConnection : IDisposable
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private const int MaxResponseHeader = 8192;

    // One writer at a time: a sender's messages, pongs and the close share the socket.
    private readonly SemaphoreSlim _write = new(1, 1);
    private byte[]? _sendBuffer;
    private int _closeSent;

    private RawConnection(Socket socket, byte[]? leftover)
    {
        Socket = socket;
        Leftover = leftover;
    }

    public Socket Socket { get; }

    /// <summary>Frame bytes that arrived with the 101 response (a welcome frame often does); read them first.</summary>
    public byte[]? Leftover { get; set; }

    public bool CloseSent => Volatile.Read(ref _closeSent) != 0;

    public static async Task<RawConnection> ConnectAsync(Uri url, CancellationToken ct)
    {
        if (url.Scheme != "ws")
        {
            throw new WebSocketException(WebSocketError.NotAWebSocket, "the raw path speaks ws:// only (use --client-websocket for wss://)");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(url.Host, url.Port, ct);
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            var request = $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
            var bytes = Encoding.ASCII.GetBytes(request);
            for (var sent = 0; sent < bytes.Length;)
            {
                sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, ct);
            }

            var buffer = ArrayPool<byte>.Shared.Rent(MaxResponseHeader);
            try
            {
                var filled = 0;
                int end;
                while ((end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    if (filled == MaxResponseHeader)
                    {
                        throw new WebSocketException(WebSocketError.HeaderError, "handshake response header longer than 8 KiB");
                    }

                    var n = await socket.ReceiveAsync(buffer.AsMemory(filled, MaxResponseHeader - filled), SocketFlags.None, ct);
                    if (n == 0)
                    {
                        throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "connection closed during the handshake");
                    }

                    filled += n;
                }

                Verify(Encoding.ASCII.GetString(buffer, 0, end), key);
                var rest = filled - end - 4;
                return new RawConnection(socket, rest > 0 ? buffer.AsSpan(end + 4, rest).ToArray() : null);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Checks the 101 status and that the accept value answers our key (RFC 6455 §4.2.2).</summary>
    internal static void Verify(string header, string key)
    {
        var lines = header.Split("\r\n");
        var status = lines[0].Split(' ');
        if (status.Length < 2 || status[1] != "101")
        {
            throw new WebSocketException(WebSocketError.NotAWebSocket, $"handshake answered '{lines[0]}', not 101");
        }

        // SHA-1 is what RFC 6455 prescribes for the accept value; it is a handshake check, not security.
#pragma warning disable CA5350
        var expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));
#pragma warning restore CA5350
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase))
            {
                if (line.AsSpan(colon + 1).Trim().SequenceEqual(expected))
                {
                    return;
                }

                throw new WebSocketException(WebSocketError.HeaderError, "Sec-WebSocket-Accept does not match the key");
            }
        }

        throw new WebSocketException(WebSocketError.HeaderError, "no Sec-WebSocket-Accept in the 101 response");
    }

    /// <summary>One final masked frame. The send buffer is allocated once per sending member and reused.</summary>
    public async ValueTask SendAsync(byte opcode, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        await _write.WaitAsync(ct);
        try
        {
            if (CloseSent)
            {
                throw new WebSocketException(WebSocketError.InvalidState, "close already sent");
            }

            var size = payload.Length + FrameWriter.MaxOverhead;
            if (_sendBuffer is null || _sendBuffer.Length < size)
            {
                _sendBuffer = new byte[Math.Max(size, 128)];
            }

            // The mask only has to differ per frame for the server's sake; Random.Shared is cheap and lock-free.
            var length = FrameWriter.Write(_sendBuffer, opcode, payload.Span, (uint)Random.Shared.NextInt64());
            if (opcode == FrameReader.Close)
            {
                Volatile.Write(ref _closeSent, 1);
            }

            var memory = _sendBuffer.AsMemory(0, length);
            while (!memory.IsEmpty)
            {
                var n = await Socket.SendAsync(memory, SocketFlags.None, ct);
                memory = memory[n..];
            }
        }
        catch (SocketException e)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, e.Message, e);
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>Close frame with a status code (1000 normal); a second close is not sent.</summary>
    public ValueTask CloseAsync(ushort status, CancellationToken ct)
    {
        if (CloseSent)
        {
            return ValueTask.CompletedTask;
        }

        Span<byte> code = stackalloc byte[2];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(code, status);
        return SendAsync(FrameReader.Close, code.ToArray(), ct);
    }

    public void Abort() => Socket.Dispose();

    public void Dispose()
    {
        Socket.Dispose();
        _write.Dispose();
    }
}
