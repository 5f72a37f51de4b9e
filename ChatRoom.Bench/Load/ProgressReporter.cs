using System.Diagnostics;
using System.Globalization;
using ChatRoom.Bench.Monitoring;

namespace ChatRoom.Bench.Load;

/// <summary>
/// Ticks four times a second: samples server memory for the peak, opens closed-loop gates stuck on
/// a lost message, and once a second prints one progress line on stderr.
/// </summary>
public sealed class ProgressReporter
{
    private static readonly TimeSpan StuckGate = TimeSpan.FromSeconds(5);

    private readonly RunContext _run;
    private readonly ResourceMonitor _monitor;
    private readonly Func<int> _live;
    private long _phaseStart = Stopwatch.GetTimestamp();
    private string _phase = "connect";

    public ProgressReporter(RunContext run, ResourceMonitor monitor, Func<int> live)
    {
        _run = run;
        _monitor = monitor;
        _live = live;
    }

    public void Phase(string name)
    {
        Volatile.Write(ref _phaseStart, Stopwatch.GetTimestamp());
        Volatile.Write(ref _phase, name);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        var tick = 0;
        long lastReceived = 0, lastFrames = 0;
        var lastCpu = _monitor.Server()?.Cpu ?? TimeSpan.Zero;
        var lastGen = ResourceMonitor.GeneratorCpu();
        var lastAt = Stopwatch.GetTimestamp();
        var interactive = !Console.IsErrorRedirected;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var server = _monitor.Server();
                foreach (var gate in _run.Gates)
                {
                    gate?.OpenIfStuck(StuckGate);
                }

                if (++tick % 4 != 0 || _run.Options.Quiet)
                {
                    continue;
                }

                var (measured, warmup, frames) = _run.Stats.Totals();
                var received = measured + warmup;
                var now = Stopwatch.GetTimestamp();
                var seconds = Stopwatch.GetElapsedTime(lastAt, now).TotalSeconds;
                var gen = ResourceMonitor.GeneratorCpu();
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"[{Volatile.Read(ref _phase),-7} {Stopwatch.GetElapsedTime(Volatile.Read(ref _phaseStart)).TotalSeconds,5:0.0}s] members {_live(),6}  deliveries/s {(received - lastReceived) / seconds,10:#,0}  frames/s {(frames - lastFrames) / seconds,10:#,0}  gen cpu {(gen - lastGen).TotalSeconds / seconds * 100,4:0}%");
                if (server is not null)
                {
                    line += string.Create(CultureInfo.InvariantCulture,
                        $"  server cpu {(server.Cpu - lastCpu).TotalSeconds / seconds * 100,4:0}% rss {server.RssKb / 1024.0,7:0.0} MiB");
                    lastCpu = server.Cpu;
                }

                lastReceived = received;
                lastFrames = frames;
                lastGen = gen;
                lastAt = now;
                Console.Error.Write(interactive ? "\r" + line + "   " : line + Environment.NewLine);
            }
        }
        catch (OperationCanceledException)
        {
        }

        if (interactive && !_run.Options.Quiet)
        {
            Console.Error.WriteLine();
        }
    }
}
