using System.Globalization;
using System.Net.Sockets;
using System.Text;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// Random and malformed WebSocket traffic from raw sockets, seeded and reproducible. After every
/// sequence the fuzzing member must have left the room (its place freed: the room holds only one
/// more than the two honest members) and the honest members must still chat.
/// </summary>
public sealed class ProtocolFuzzTests
{
    /// <summary>Set CHATROOM_FUZZ_SEED to replay a failure, CHATROOM_FUZZ_SEQUENCES to run longer.</summary>
    private const int DefaultSeed = 20261126;
    private const int DefaultSequences = 300;
    private const int MaxMessageBytes = 512;

    private static readonly string[] Endings = ["reset", "half-close", "close frame"];

    [Fact]
    public async Task Random_and_malformed_frame_sequences_never_take_the_room_down_or_leak_a_place()
    {
        var seed = EnvironmentInt("CHATROOM_FUZZ_SEED") ?? DefaultSeed;
        var sequences = EnvironmentInt("CHATROOM_FUZZ_SEQUENCES") ?? DefaultSequences;
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?>
        {
            // One place for the fuzzer: a place leaked by any sequence makes the next join a 503.
            ["Chat:MaxMembers"] = "3",
            ["Chat:MaxMessageBytes"] = MaxMessageBytes.ToString(CultureInfo.InvariantCulture),
            ["Chat:RateLimit:MessagesPerSecond"] = "100000",
            ["Chat:RateLimit:Burst"] = "100000",

            // A peer that leaves our close unanswered is cut off after half of this.
            ["Chat:ShutdownTimeout"] = "00:00:01",
        });
        await using var watcher = await server.JoinedAsync("watcher");
        await using var speaker = await server.JoinedAsync("speaker");
        await watcher.ReceiveUntilAsync(line => line == "*** speaker joined (2 online)");

        var random = new Random(seed);
        var kinds = new Dictionary<string, int>();
        for (var i = 0; i < sequences; i++)
        {
            var name = $"fz{i}";
            var sequence = Generate(random);
            var ending = Endings[random.Next(Endings.Length)];
            var splits = random.Next(4);
            foreach (var kind in sequence.Select(part => part.Kind))
            {
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            }

            var context = $"seed {seed}, sequence {i}: {string.Join(", ", sequence.Select(part => part.Kind))}, then {ending}";
            try
            {
                await using var fuzzer = await RawSocket.JoinAsync(server.BaseAddress, name);
                await watcher.ReceiveUntilAsync(line => line == $"*** {name} joined (3 online)");
                await SendAsync(fuzzer, sequence.SelectMany(part => part.Bytes).ToArray(), splits, random);
                await EndAsync(fuzzer, ending);
                await watcher.ReceiveUntilAsync(line => line == $"*** {name} left (2 online)");

                await speaker.SendAsync($"still here after {i}");
                await watcher.ReceiveUntilAsync(line => line == $"speaker: still here after {i}");
            }
            catch (Exception exception)
            {
                throw new InvalidOperationException($"fuzz failed at {context}", exception);
            }
        }

        var summary = $"protocol fuzz: {sequences} sequences, seed {seed}; parts: " +
            string.Join(", ", kinds.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} {pair.Value}"));
        TestContext.Current.SendDiagnosticMessage(summary);
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
    }

    /// <summary>Writes the bytes in a few random pieces: frame boundaries and TCP segments need not agree.</summary>
    private static async Task SendAsync(RawSocket socket, byte[] bytes, int splits, Random random)
    {
        var cuts = Enumerable.Range(0, splits).Select(_ => random.Next(bytes.Length + 1)).Append(0).Append(bytes.Length).Distinct().Order().ToArray();
        try
        {
            for (var c = 0; c + 1 < cuts.Length; c++)
            {
                await socket.WriteAsync(bytes.AsMemory(cuts[c], cuts[c + 1] - cuts[c]));
            }
        }
        catch (IOException)
        {
            // The server already hung up on something earlier in the sequence: that is its right.
        }
    }

    private static async Task EndAsync(RawSocket socket, string ending)
    {
        try
        {
            switch (ending)
            {
                case "reset":
                    socket.Abort();
                    break;
                case "half-close":
                    socket.ShutdownSend();
                    await socket.ReadToEndAsync();
                    break;
                default:
                    // Then FIN too: after a truncated frame or a huge declared length the close frame
                    // is only more payload to the server, which would wait for the rest until the keepalive.
                    await socket.WriteAsync(WsFrame.Close(1000, "bye"));
                    socket.ShutdownSend();
                    await socket.ReadToEndAsync();
                    break;
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException)
        {
        }
    }

    private sealed record Part(string Kind, byte[] Bytes);

    private static List<Part> Generate(Random random)
    {
        var parts = new List<Part>();
        var count = random.Next(1, 6);
        for (var p = 0; p < count; p++)
        {
            parts.Add(Next(random));
        }

        return parts;
    }

    private static Part Next(Random random)
    {
        byte[] Mask() => [(byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)];
        byte[] Frame(int opcode, byte[] payload, bool fin = true, int rsv = 0, bool masked = true, ulong? declared = null) =>
            WsFrame.Encode(opcode, payload, fin, rsv, masked, declared, Mask());
        byte[] Ascii(int length) => Encoding.ASCII.GetBytes("x" + new string(Enumerable.Range(0, length).Select(_ => (char)random.Next(' ', '~')).ToArray()));
        byte[] Bytes(int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }

        switch (random.Next(20))
        {
            case 0:
                return new("text", Frame(1, Ascii(random.Next(40))));
            case 1:
                return new("random-bytes-text", Frame(1, Bytes(random.Next(1, 64))));
            case 2:
            {
                // "é€" split inside its multi-byte characters: valid UTF-8 across fragments.
                var text = Encoding.UTF8.GetBytes("xé€😀 ok");
                var cut = random.Next(1, text.Length);
                return new("fragmented-text", [.. Frame(1, text[..cut], fin: false), .. Frame(0, text[cut..])]);
            }

            case 3:
                // E2 82 needs one more continuation byte; 28 is not one.
                return new("invalid-utf8-across-fragments", [.. Frame(1, [0x78, 0xE2, 0x82], fin: false), .. Frame(0, [0x28, 0x78])]);
            case 4:
                return new("truncated-utf8-at-end", Frame(1, [0x78, 0xF0, 0x9F, 0x98]));
            case 5:
                return new("reserved-opcode", Frame(random.Next(2) == 0 ? random.Next(3, 8) : random.Next(0xB, 0x10), Bytes(random.Next(10))));
            case 6:
                return new("reserved-bits", Frame(1, Ascii(5), rsv: random.Next(1, 8)));
            case 7:
                return new("oversize-control", Frame(random.Next(2) == 0 ? 0x9 : 0xA, Bytes(random.Next(126, 300))));
            case 8:
                return new("fragmented-control", [.. Frame(0x9, Bytes(3), fin: false), .. Frame(0, Bytes(3))]);
            case 9:
                return new("unmasked", Frame(1, Ascii(8), masked: false));
            case 10:
                return new("continuation-without-start", Frame(0, Ascii(8), fin: random.Next(2) == 0));
            case 11:
                return new("text-inside-fragmented-text", [.. Frame(1, Ascii(4), fin: false), .. Frame(1, Ascii(4))]);
            case 12:
                return new("garbage", Bytes(random.Next(1, 200)));
            case 13:
            {
                ulong[] lengths = [0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0001, 1UL << 40, 1UL << 30, 70_000];
                return new("huge-declared-length", Frame(random.Next(2) == 0 ? 1 : 2, Bytes(16), declared: lengths[random.Next(lengths.Length)]));
            }

            case 14:
                return new("binary", Frame(2, Bytes(random.Next(20))));
            case 15:
            {
                var body = Ascii(MaxMessageBytes + random.Next(1, 2000));
                var cut = random.Next(1, body.Length);
                return new("oversize-text-fragmented", [.. Frame(1, body[..cut], fin: false), .. Frame(0, body[cut..])]);
            }

            case 16:
            {
                byte[][] payloads = [[0x03], [0x03, 0xE7], [0x03, 0xEC], [0x13, 0x88], [0x03, 0xE8, 0xC3, 0x28], Bytes(random.Next(2, 40))];
                return new("odd-close", Frame(8, payloads[random.Next(payloads.Length)]));
            }

            case 17:
                return new("ping", Frame(9, Bytes(random.Next(126))));
            case 18:
                return new("empty-or-blank-text", Frame(1, random.Next(2) == 0 ? [] : " \t\n "u8.ToArray()));
            default:
            {
                var frame = Frame(1, Ascii(random.Next(10, 100)));
                return new("truncated-frame", frame[..random.Next(1, frame.Length)]);
            }
        }
    }

    private static int? EnvironmentInt(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : null;
}
