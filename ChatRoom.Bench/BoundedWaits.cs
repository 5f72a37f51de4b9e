using System.Diagnostics;
using ChatRoom.Bench.Stats;

namespace ChatRoom.Bench;

/// <summary>The waits between a run's phases, each with a limit, so a stuck server ends the run instead of hanging it.</summary>
public static class BoundedWaits
{
    private static readonly TimeSpan QuietFor = TimeSpan.FromMilliseconds(500);

    /// <summary>Until <paramref name="expected"/> copies arrived, nothing arrived for two seconds, or the limit.</summary>
    public static async Task DrainAsync(StatsRegistry stats, long expected, bool listener, TimeSpan limit, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var lastChange = start;
        long last = -1;
        while (Stopwatch.GetElapsedTime(start) < limit)
        {
            var (received, _, _) = stats.Totals();
            if (!listener && received >= expected)
            {
                return;
            }

            if (received != last)
            {
                last = received;
                lastChange = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(lastChange) > TimeSpan.FromSeconds(2))
            {
                // Nothing arrived for two seconds: the rest is lost, not late. A listener process
                // cannot know what remote senders sent, so this is its only way out before the limit.
                return;
            }

            await Task.Delay(10, ct);
        }
    }

    /// <summary>Waits until no frame arrived for half a second (ChatRoom announces every join to everyone).</summary>
    public static async Task WaitQuietAsync(StatsRegistry stats, TimeSpan limit, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var (_, _, frames) = stats.Totals();
        var since = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < limit)
        {
            await Task.Delay(100, ct);
            var (_, _, now) = stats.Totals();
            if (now != frames)
            {
                frames = now;
                since = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(since) >= QuietFor)
            {
                return;
            }
        }
    }

    public static async Task WaitForFileAsync(string path, TimeSpan limit, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        while (!File.Exists(path))
        {
            if (Stopwatch.GetElapsedTime(start) > limit)
            {
                throw new TimeoutException($"{path} did not appear within {limit}");
            }

            await Task.Delay(50, ct);
        }
    }
}
