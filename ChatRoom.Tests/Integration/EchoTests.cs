using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Integration;

/// <summary>
/// <c>/echo</c> on real Kestrel: every message back to its sender unchanged (text, binary,
/// fragmented, empty), a member's limits (1009, 1008, 1007), the upgrade checks of <c>/ws</c>
/// (400, 403, 401), no room, and a client that never reads.
/// </summary>
public sealed class EchoTests
{
    private const string AccessKey = "echo-k3y";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Text_comes_back_unchanged_untrimmed_and_unfiltered()
    {
        await using var server = ChatServer.OnKestrel();
        await using var client = await TestMember.ConnectAsync(EchoUri(server));

        foreach (var text in new[] { "hello", "  two\nlines\t ", "/nick bob", "héllo wörld 你好 🎉", "\u0007bell" })
        {
            await client.SendAsync(text);
            Assert.Equal(text, await client.ReceiveAsync());
        }
    }

    [Fact]
    public async Task Binary_comes_back_as_binary_byte_for_byte()
    {
        await using var server = ChatServer.OnKestrel();
        await using var raw = await UpgradedAsync(server);
        var payload = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();

        await raw.SendFrameAsync(Opcode.Binary, payload);

        var echo = await raw.ReadFrameAsync();
        Assert.Equal(new RawFrame(true, Opcode.Binary, payload), echo, RawFrameComparer.Instance);
    }

    [Theory]
    [InlineData(Opcode.Text)]
    [InlineData(Opcode.Binary)]
    public async Task A_message_in_three_fragments_comes_back_whole_and_equal(Opcode opcode)
    {
        await using var server = ChatServer.OnKestrel();
        await using var raw = await UpgradedAsync(server);

        byte[] fragments =
        [
            .. WsFrame.Encode((int)opcode, "one, "u8, fin: false),
            .. WsFrame.Encode(0, "two, "u8, fin: false),
            .. WsFrame.Encode(0, "three"u8),
        ];
        await raw.WriteAsync(fragments);

        var echo = await raw.ReadFrameAsync();
        Assert.Equal(new RawFrame(true, opcode, "one, two, three"u8.ToArray()), echo, RawFrameComparer.Instance);
    }

    [Fact]
    public async Task An_empty_message_comes_back_empty()
    {
        await using var server = ChatServer.OnKestrel();
        await using var raw = await UpgradedAsync(server);

        await raw.SendFrameAsync(Opcode.Text, []);
        await raw.SendFrameAsync(Opcode.Binary, []);

        Assert.Equal(new RawFrame(true, Opcode.Text, []), await raw.ReadFrameAsync(), RawFrameComparer.Instance);
        Assert.Equal(new RawFrame(true, Opcode.Binary, []), await raw.ReadFrameAsync(), RawFrameComparer.Instance);
    }

    [Fact]
    public async Task A_message_of_MaxMessageBytes_comes_back_and_one_byte_more_is_closed_with_1009()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:MaxMessageBytes"] = "200" });
        await using var raw = await UpgradedAsync(server);

        await raw.SendFrameAsync(Opcode.Binary, new byte[200]);
        Assert.Equal(200, (await raw.ReadFrameAsync())?.Payload.Length);

        // Over the limit across fragments too: no fragment alone is.
        byte[] fragments = [.. WsFrame.Encode(1, Encoding.UTF8.GetBytes(new string('a', 150)), fin: false), .. WsFrame.Encode(0, Encoding.UTF8.GetBytes(new string('b', 51)))];
        await raw.WriteAsync(fragments);

        Assert.Equal((1009, "message too big"), await raw.ReadCloseAsync());
        await raw.WriteAsync(WsFrame.Close(1000));
        await raw.ReadToEndAsync();
    }

    [Fact]
    public async Task A_client_over_the_message_rate_is_closed_with_1008()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?>
        {
            ["Chat:RateLimit:Burst"] = "3",
            ["Chat:RateLimit:MessagesPerSecond"] = "0.001",
        });
        await using var raw = await UpgradedAsync(server);

        for (var i = 0; i < 4; i++)
        {
            await raw.SendTextAsync($"m{i}");
        }

        Assert.Equal(["m0", "m1", "m2"], [(await raw.ReadFrameAsync())!.Text, (await raw.ReadFrameAsync())!.Text, (await raw.ReadFrameAsync())!.Text]);
        Assert.Equal((1008, "rate limit exceeded"), await raw.ReadCloseAsync());
    }

    [Fact]
    public async Task Invalid_utf8_in_a_text_message_is_closed_with_1007()
    {
        await using var server = ChatServer.OnKestrel();
        await using var raw = await UpgradedAsync(server);

        await raw.SendFrameAsync(Opcode.Text, [0x61, 0xC3, 0x28]);

        // The connection is held until we hang up, so the close frame is read rather than reset away.
        Assert.Equal(1007, (await raw.ReadCloseAsync())?.Status);
    }

    [Theory]
    [InlineData("/echo?key=" + AccessKey, null, 101)]
    [InlineData("/echo?key=" + AccessKey, "http://evil.example", 403)]
    [InlineData("/echo", null, 401)]
    [InlineData("/echo?key=wrong", null, 401)]
    [InlineData("/echo?key=wrong", "http://evil.example", 403)]
    public async Task Origin_then_access_key_are_checked_as_for_ws(string path, string? origin, int expected)
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:AccessKey"] = AccessKey });
        await using var raw = await RawSocket.ConnectAsync(server.BaseAddress);
        var headers = origin is null ? [] : new[] { ("Origin", origin) };

        Assert.Equal(expected, (await raw.UpgradeAsync(path, headers)).Status);
    }

    [Fact]
    public async Task With_an_access_key_a_bearer_header_also_lets_an_echo_client_in()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:AccessKey"] = AccessKey });
        await using var bearer = await RawSocket.ConnectAsync(server.BaseAddress);

        Assert.Equal(101, (await bearer.UpgradeAsync("/echo", [("Authorization", "Bearer " + AccessKey)])).Status);
    }

    [Fact]
    public async Task A_plain_GET_gets_400_with_an_explanation()
    {
        await using var server = ChatServer.OnKestrel();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync(new Uri("/echo", UriKind.Relative), Cancellation);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("wscat -c", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_echo_client_is_in_no_room()
    {
        await using var server = ChatServer.OnKestrel();
        await using var echo = await TestMember.ConnectAsync(EchoUri(server));
        await echo.SendAsync("here");
        Assert.Equal("here", await echo.ReceiveAsync());
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var room = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/room", UriKind.Relative), Cancellation)).RootElement;
        await using var member = await server.JoinAsync("alice");

        Assert.Equal(0, room.GetProperty("online").GetInt32());
        Assert.Empty(room.GetProperty("members").EnumerateArray());
        Assert.Contains(await member.ReadWelcomeAsync(), line => line.StartsWith("*** welcome, alice: 1 online (alice)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_client_closing_gets_its_close_status_back()
    {
        await using var server = ChatServer.OnKestrel();
        await using var raw = await UpgradedAsync(server);

        await raw.WriteAsync(WsFrame.Close(4321, "done"));

        Assert.Equal(4321, (await raw.ReadCloseAsync())?.Status);
        await raw.ReadToEndAsync();
    }

    /// <summary>
    /// The receive loop reads no further message until the last echo is written, so a client that
    /// sends and never reads fills the TCP buffers and stalls; after <c>Chat:SendTimeout</c> the
    /// server gives up on it and ends the connection, which fails the client's blocked write.
    /// </summary>
    [Fact]
    public async Task A_client_that_never_reads_stalls_only_itself_and_is_closed_after_the_send_timeout()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?>
        {
            ["Chat:SendTimeout"] = "00:00:00.200",
            ["Chat:ShutdownTimeout"] = "00:00:00.400",
            ["Chat:RateLimit:MessagesPerSecond"] = "1000000",
            ["Chat:RateLimit:Burst"] = "1000000",
        });
        await using var stuck = await RawSocket.ConnectAsync(server.BaseAddress, receiveBufferSize: 4096);
        Assert.Equal(101, (await stuck.UpgradeAsync("/echo")).Status);
        var message = WsFrame.Encode(2, new byte[4096]);

        // Far more than the socket buffers both ways and Kestrel's output buffer hold: the writes
        // block once the server stops reading, and fail once it ends the connection.
        var ended = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                await stuck.WriteAsync(message);
            }
        });
        Assert.IsNotType<OperationCanceledException>(ended, exactMatch: false);

        // The server still echoes for everyone else.
        await using var other = await TestMember.ConnectAsync(EchoUri(server));
        await other.SendAsync("still here");
        Assert.Equal("still here", await other.ReceiveAsync());
    }

    [Fact]
    public async Task On_SIGTERM_an_echo_client_is_closed_with_1001_and_the_process_exits()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGTERM is a POSIX signal");
        await using var server = await ServerProcess.StartAsync();
        await using var client = await TestMember.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/echo"));
        await client.SendAsync("before");
        Assert.Equal("before", await client.ReceiveAsync());

        await server.TerminateAsync();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await client.ReceiveCloseAsync()).Status);
        await client.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", Cancellation);
        await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, server.ExitCode);
    }

    private static Uri EchoUri(ChatServer server) => new($"ws://{server.BaseAddress.Authority}/echo");

    private static async Task<RawSocket> UpgradedAsync(ChatServer server)
    {
        var raw = await RawSocket.ConnectAsync(server.BaseAddress);
        Assert.Equal(101, (await raw.UpgradeAsync("/echo")).Status);
        return raw;
    }

    private sealed class RawFrameComparer : IEqualityComparer<RawFrame?>
    {
        public static readonly RawFrameComparer Instance = new();

        public bool Equals(RawFrame? x, RawFrame? y) =>
            x is not null && y is not null && x.Fin == y.Fin && x.Opcode == y.Opcode && x.Payload.AsSpan().SequenceEqual(y.Payload);

        public int GetHashCode(RawFrame? obj) => obj?.Payload.Length ?? 0;
    }
}
