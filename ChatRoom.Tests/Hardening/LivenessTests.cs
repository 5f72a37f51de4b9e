using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// <c>Chat:KeepAliveInterval</c> / <c>Chat:KeepAliveTimeout</c>: a peer that stops answering pings is
/// dropped and the room hears it leave; one that answers stays. Short intervals keep these fast;
/// with the defaults (20 s + 20 s, checked every 5 s) the same path takes up to 50 s.
/// </summary>
public sealed class LivenessTests
{
    // The watcher (a ClientWebSocket) answers pings only while a receive is pending, and it always
    // has one; the timeout is generous next to that so a busy machine cannot drop the watcher too.
    private static readonly Dictionary<string, string?> ShortKeepAlive = new()
    {
        ["Chat:KeepAliveInterval"] = "00:00:00.200",
        ["Chat:KeepAliveTimeout"] = "00:00:01",
    };

    [Fact]
    public async Task A_peer_that_never_answers_pings_is_dropped_and_another_member_sees_it_leave()
    {
        await using var server = ChatServer.OnKestrel(ShortKeepAlive);
        await using var watcher = await server.JoinedAsync("watcher");
        var left = watcher.ReceiveUntilAsync(line => line.StartsWith("*** mute left", StringComparison.Ordinal));

        // Completes the handshake, then never reads a byte or sends one.
        await using var mute = await RawSocket.JoinAsync(server.BaseAddress, "mute");

        Assert.Equal("*** mute left (1 online)", await left);
        await mute.ReadToEndAsync();
    }

    [Fact]
    public async Task A_peer_stalled_half_way_through_a_frame_is_dropped_by_the_keepalive()
    {
        await using var server = ChatServer.OnKestrel(ShortKeepAlive);
        await using var watcher = await server.JoinedAsync("watcher");
        var left = watcher.ReceiveUntilAsync(line => line.StartsWith("*** stalled left", StringComparison.Ordinal));

        await using var stalled = await RawSocket.JoinAsync(server.BaseAddress, "stalled");
        var frame = WsFrame.Encode((int)Opcode.Text, "hello, this frame never ends"u8);
        await stalled.WriteAsync(frame.AsMemory(0, frame.Length - 5));

        Assert.Equal("*** stalled left (1 online)", await left);
    }

    [Fact]
    public async Task A_peer_that_answers_every_ping_stays_through_many_keepalive_rounds()
    {
        await using var server = ChatServer.OnKestrel(ShortKeepAlive);
        await using var watcher = await server.JoinedAsync("watcher");
        var heard = watcher.ReceiveUntilAsync(line => line == "steady: still here");
        await using var steady = await RawSocket.JoinAsync(server.BaseAddress, "steady");

        var pings = 0;
        while (pings < 5)
        {
            var frame = await steady.ReadFrameAsync();
            Assert.NotNull(frame);
            if (frame.Opcode == Opcode.Ping)
            {
                await steady.SendFrameAsync(Opcode.Pong, frame.Payload);
                pings++;
            }
        }

        await steady.SendTextAsync("still here");
        await heard;
    }
}
