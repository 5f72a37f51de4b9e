using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using ChatRoom.Bench.Wire;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// A TCP client that speaks HTTP and WebSocket framing by hand, so a test can do what no
/// well-behaved client library would: stop half-way through a request, never read, never answer a
/// ping or a close, send malformed frames, or kill the connection with a reset.
/// </summary>
public sealed class RawSocket : IAsyncDisposable
{
    // A guard against hangs, not a speed assertion.
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private readonly string _host;

    private RawSocket(Socket socket, string host)
    {
        _socket = socket;
        _host = host;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    /// <param name="receiveBufferSize">A small SO_RCVBUF keeps the kernel from buffering much for a peer that never reads.</param>
    public static async Task<RawSocket> ConnectAsync(Uri baseAddress, int? receiveBufferSize = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferSize is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        using var guard = Guard();
        await socket.ConnectAsync(baseAddress.Host, baseAddress.Port, guard.Token);
        return new RawSocket(socket, baseAddress.Authority);
    }

    /// <summary>Connects and completes a WebSocket upgrade of <c>/ws</c>; fails unless the server answers 101.</summary>
    /// <param name="query">More of the query string, e.g. <c>key=KEY</c>.</param>
    public static async Task<RawSocket> JoinAsync(Uri baseAddress, string name, int? receiveBufferSize = null, string? subProtocol = null, string? query = null)
    {
        var raw = await ConnectAsync(baseAddress, receiveBufferSize);
        var headers = subProtocol is null ? [] : new[] { ("Sec-WebSocket-Protocol", subProtocol) };
        var response = await raw.UpgradeAsync($"/ws?name={Uri.EscapeDataString(name)}" + (query is null ? "" : "&" + query), headers);
        Assert.Equal(101, response.Status);
        return raw;
    }

    public static string UpgradeRequest(string host, string pathAndQuery, IEnumerable<(string Name, string Value)>? headers = null)
    {
        var request = new StringBuilder()
            .Append("GET ").Append(pathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(host).Append("\r\n")
            .Append("Upgrade: websocket\r\n")
            .Append("Connection: Upgrade\r\n")
            .Append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
            .Append("Sec-WebSocket-Version: 13\r\n");
        foreach (var (name, value) in headers ?? [])
        {
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        return request.Append("\r\n").ToString();
    }

    /// <summary>Sends an upgrade request and reads the response head (and the body of a refusal).</summary>
    public async Task<HttpHead> UpgradeAsync(string pathAndQuery, IEnumerable<(string Name, string Value)>? headers = null)
    {
        await WriteAsync(Encoding.ASCII.GetBytes(UpgradeRequest(_host, pathAndQuery, headers)));
        return await ReadHeadAsync();
    }

    /// <summary>Reads an HTTP response head, and its body when it has a Content-Length.</summary>
    public async Task<HttpHead> ReadHeadAsync()
    {
        var text = new StringBuilder();
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            var next = await ReadBytesAsync(1);
            text.Append((char)next[0]);
        }

        var lines = text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var fields = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .GroupBy(parts => parts[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = "";
        if (status != 101 && fields.TryGetValue("Content-Length", out var length) && int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) > 0)
        {
            body = Encoding.UTF8.GetString(await ReadBytesAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new HttpHead(status, fields, body);
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        using var guard = Guard();
        await _stream.WriteAsync(bytes, guard.Token);
    }

    public Task SendFrameAsync(Opcode opcode, ReadOnlySpan<byte> payload, bool fin = true) =>
        WriteAsync(WsFrame.Encode((int)opcode, payload, fin));

    public Task SendTextAsync(string text) => SendFrameAsync(Opcode.Text, Encoding.UTF8.GetBytes(text));

    /// <summary>The next frame the server sent; null when the server closed the connection.</summary>
    public async Task<RawFrame?> ReadFrameAsync()
    {
        var head = await TryReadBytesAsync(2);
        if (head is null)
        {
            return null;
        }

        var length = (long)(head[1] & 0x7F);
        if (length == 126)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(await ReadBytesAsync(2));
        }
        else if (length == 127)
        {
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(await ReadBytesAsync(8));
        }

        // Server frames are never masked (RFC 6455 5.1); a masked one would be a server bug.
        Assert.Equal(0, head[1] & 0x80);
        var payload = length == 0 ? [] : await ReadBytesAsync(checked((int)length));
        return new RawFrame((head[0] & 0x80) != 0, (Opcode)(head[0] & 0x0F), payload);
    }

    /// <summary>Skips frames to the server's close frame; null if the connection ended without one.</summary>
    public async Task<(int Status, string Reason)?> ReadCloseAsync()
    {
        while (await ReadFrameAsync() is { } frame)
        {
            if (frame.Opcode == Opcode.Close)
            {
                return frame.Payload.Length >= 2
                    ? (BinaryPrimitives.ReadUInt16BigEndian(frame.Payload), Encoding.UTF8.GetString(frame.Payload.AsSpan(2)))
                    : (1005, "");
            }
        }

        return null;
    }

    /// <summary>Reads and discards until the server ends the connection (FIN or reset).</summary>
    public async Task ReadToEndAsync()
    {
        using var guard = Guard();
        try
        {
            _start = _end = 0;
            while (await _stream.ReadAsync(_buffer, guard.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            // A reset is an end too.
        }
    }

    /// <summary>Sends FIN: the server reads end-of-stream, and can still write to us.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Ends the connection with a TCP reset, as a crashed client or a dropped network would.</summary>
    public void Abort()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }

        _socket.Close();
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<byte[]> ReadBytesAsync(int count) =>
        await TryReadBytesAsync(count) ?? throw new IOException($"connection ended; {count} bytes expected");

    private async Task<byte[]?> TryReadBytesAsync(int count)
    {
        var result = new byte[count];
        var filled = 0;
        using var guard = Guard();
        while (filled < count)
        {
            if (_start == _end)
            {
                _start = 0;
                try
                {
                    _end = await _stream.ReadAsync(_buffer, guard.Token);
                }
                catch (IOException)
                {
                    _end = 0;
                }

                if (_end == 0)
                {
                    return null;
                }
            }

            var take = Math.Min(count - filled, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(result.AsSpan(filled));
            _start += take;
            filled += take;
        }

        return result;
    }

    private static CancellationTokenSource Guard()
    {
        var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(HangGuard);
        return guard;
    }
}

public sealed record HttpHead(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

public sealed record RawFrame(bool Fin, Opcode Opcode, byte[] Payload)
{
    public string Text => Encoding.UTF8.GetString(Payload);
}

public enum Opcode
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
}

/// <summary>Client frames by hand, including every way to get one wrong.</summary>
public static class WsFrame
{
    private static readonly byte[] FixedMask = [0x37, 0xFA, 0x21, 0x3D];

    /// <param name="opcode">Any 4-bit value, including the reserved ones.</param>
    /// <param name="rsv">The three reserved bits (0–7); non-zero is a protocol error without an extension.</param>
    /// <param name="masked">Clients must mask (RFC 6455 5.3); false makes a frame a server must refuse.</param>
    /// <param name="declaredLength">A length to declare instead of the payload's real one.</param>
    public static byte[] Encode(
        int opcode,
        ReadOnlySpan<byte> payload,
        bool fin = true,
        int rsv = 0,
        bool masked = true,
        ulong? declaredLength = null,
        byte[]? mask = null)
    {
        var first = (byte)((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0F));
        uint? key = masked ? BinaryPrimitives.ReadUInt32LittleEndian(mask ?? FixedMask) : null;
        var frame = new byte[FrameWriter.MaxOverhead + payload.Length];
        var length = FrameWriter.Write(frame, first, payload, key, declaredLength ?? (ulong)payload.Length);
        return frame[..length];
    }

    public static byte[] Close(int status, string reason = "") =>
        Encode((int)Opcode.Close, [(byte)(status >> 8), (byte)status, .. Encoding.UTF8.GetBytes(reason)]);
}
