using System.Buffers.Text;

namespace ChatRoom.Bench.Monitoring;

/// <summary>CPU time and resident memory of one process at one instant, read from /proc.</summary>
/// <remarks>
/// Read four times a second during a run, so it parses bytes on the stack instead of building
/// strings: otherwise the sampler would be most of what the generator allocates.
/// </remarks>
public sealed record ProcessSample(TimeSpan Cpu, long RssKb)
{
    // USER_HZ is 100 on every Linux architecture .NET runs on.
    private const double ClockTicksPerSecond = 100;

    public static ProcessSample? TryRead(int pid) => TryRead($"/proc/{pid}/stat", $"/proc/{pid}/status");

    /// <summary>Reads the given stat and status files (callers that sample often keep the paths).</summary>
    public static ProcessSample? TryRead(string statPath, string statusPath)
    {
        Span<byte> buffer = stackalloc byte[4096];
        try
        {
            // /proc/PID/stat: fields count from the last ')' (the command name may contain spaces);
            // utime and stime are fields 14 and 15, i.e. the 12th and 13th after ") ".
            var stat = Read(statPath, buffer);
            var rest = stat[(stat.LastIndexOf((byte)')') + 2)..];
            for (var skip = 0; skip < 11; skip++)
            {
                rest = rest[(rest.IndexOf((byte)' ') + 1)..];
            }

            if (!Utf8Parser.TryParse(rest, out long utime, out var used) ||
                !Utf8Parser.TryParse(rest[(used + 1)..], out long stime, out _))
            {
                return null;
            }

            var cpu = TimeSpan.FromSeconds((utime + stime) / ClockTicksPerSecond);
            var status = Read(statusPath, buffer);
            var at = status.IndexOf("VmRSS:"u8);
            long rss = 0;
            if (at >= 0 && !Utf8Parser.TryParse(status[(at + 6)..].TrimStart(" \t"u8), out rss, out _))
            {
                return null;
            }

            return new ProcessSample(cpu, rss);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static ReadOnlySpan<byte> Read(string path, Span<byte> buffer)
    {
        using var handle = File.OpenHandle(path);
        var n = RandomAccess.Read(handle, buffer, 0);
        return buffer[..n];
    }
}
