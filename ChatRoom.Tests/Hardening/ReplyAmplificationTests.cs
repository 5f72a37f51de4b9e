using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// /who in a big room costs what it is worth: at most 100 names, one frame shared by every asker
/// until membership changes, so askers that never read cannot make the server's memory grow.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class ReplyAmplificationTests
{
    private const int Members = 2000;
    private const int Askers = 10;
    private const int AsksEach = 256;

    /// <summary>The bound the test holds the server to; the attack in the issue grew it by 900 MB.</summary>
    private const long MaxGrowthBytes = 40L * 1024 * 1024;

    [Fact]
    public async Task Ten_askers_that_never_read_cannot_grow_the_servers_memory()
    {
        // Joins are not announced, so the silent members here stay well within their send queues;
        // no rate limit, so every /who is answered and queued (by default the askers would be
        // closed for flooding long before).
        await using var server = await ServerProcess.StartAsync(
            "--Chat:AnnounceJoinsUpTo=0", "--Chat:RateLimit:MessagesPerSecond=1000000", "--Chat:RateLimit:Burst=1000000");
        var sockets = new List<RawSocket>();
        for (var i = 0; i < Members; i++)
        {
            sockets.Add(await RawSocket.JoinAsync(server.BaseAddress, $"{i:D4} a rather long member name"));
        }

        var before = ResidentBytes(server.Id);
        for (var a = 0; a < Askers; a++)
        {
            var asker = await RawSocket.JoinAsync(server.BaseAddress, $"asker {a}", receiveBufferSize: 4096);
            sockets.Add(asker);
            for (var n = 0; n < AsksEach; n++)
            {
                await asker.SendTextAsync("/who");
            }
        }

        // Everything the askers sent has been handled once the room answers a newcomer's /who.
        await using var probe = await RawSocket.JoinAsync(server.BaseAddress, "probe");
        await probe.SendTextAsync("/who");
        var reply = await ReadUntilAsync(probe, text => text.Contains(" online: ", StringComparison.Ordinal));
        Assert.Contains($"{Members + Askers + 1} online", reply, StringComparison.Ordinal);
        Assert.Contains(" more", reply, StringComparison.Ordinal);

        var growth = ResidentBytes(server.Id) - before;
        TestContext.Current.TestOutputHelper?.WriteLine($"RSS grew by {growth / 1024} KiB");
        Assert.True(growth < MaxGrowthBytes, $"RSS grew by {growth / 1024 / 1024} MiB");
        foreach (var socket in sockets)
        {
            await socket.DisposeAsync();
        }
    }

    private static async Task<string> ReadUntilAsync(RawSocket socket, Func<string, bool> match)
    {
        while (true)
        {
            var frame = await socket.ReadFrameAsync() ?? throw new InvalidOperationException("closed");
            if (match(frame.Text))
            {
                return frame.Text;
            }
        }
    }

    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
