using System.Diagnostics;
using ChatRoom.Bench.Cli;
using ChatRoom.Bench.Load;
using ChatRoom.Bench.Monitoring;
using ChatRoom.Bench.Reporting;
using ChatRoom.Bench.Wire;

namespace ChatRoom.Bench;

/// <summary>
/// One run, start to end: connect, let the room go quiet, warm up, measure, drain, tear down.
/// Every wait is bounded, so a stuck server ends the run instead of hanging it.
/// </summary>
public sealed class BenchRunner
{
    private readonly BenchOptions _o;
    private readonly RunContext _run;
    private readonly ResourceMonitor _monitor;
    private readonly ProgressReporter _progress;
    private readonly List<Member> _members = [];
    private readonly RunReport _report;

    public BenchRunner(BenchOptions options)
    {
        _o = options;
        _run = new RunContext(options);
        _monitor = new ResourceMonitor(options.ServerPid);
        _progress = new ProgressReporter(_run, _monitor, () => _run.Live);
        _report = new RunReport(options, _run, _monitor, _members);
    }

    public async Task<BenchResult> RunAsync(CancellationToken ct)
    {
        var rssBefore = _o.RssBaselineKb ?? _monitor.Server()?.RssKb ?? 0;
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(_o.ConnectTimeout),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        using var invoker = new HttpMessageInvoker(handler);
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var progressTask = _progress.RunAsync(lifetime.Token);
        try
        {
            for (var i = 0; i < _o.Clients; i++)
            {
                _members.Add(new Member(_run, _o.IdBase + i));
            }

            _progress.Phase("connect");
            var rampStart = Stopwatch.GetTimestamp();
            var serverAtStart = _monitor.Server();
            var generatorAtStart = ResourceMonitor.GeneratorCpu();
            var ramp = new ConnectRamp();
            var connect = await ramp.RunAsync(
                _members, MemberUrl, invoker, _o.ConnectConcurrency, TimeSpan.FromSeconds(_o.ConnectTimeout),
                m => m.StartReceiving(lifetime.Token), ct);

            _progress.Phase("settle");
            await BoundedWaits.WaitQuietAsync(_run.Stats, TimeSpan.FromSeconds(_o.SettleMax), ct);
            var serverSettled = _monitor.Server();
            connect = connect with
            {
                SettledSeconds = Stopwatch.GetElapsedTime(rampStart).TotalSeconds,
                Frames = _run.Stats.Totals().Frames,
                ServerCpuSeconds = serverAtStart is null || serverSettled is null ? null : (serverSettled.Cpu - serverAtStart.Cpu).TotalSeconds,
                GeneratorCpuSeconds = (ResourceMonitor.GeneratorCpu() - generatorAtStart).TotalSeconds,
            };
            if (_o.ReadyFile is not null)
            {
                await File.WriteAllTextAsync(_o.ReadyFile, _run.Live.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
            }

            return _o.HoldMode
                ? await HoldAsync(connect, rssBefore, ct)
                : await LoadAsync(connect, rssBefore, ct);
        }
        finally
        {
            _progress.Phase("close");
            await MemberTeardown.CloseAllAsync(_members, _run, lifetime);
            await lifetime.CancelAsync();
            await progressTask;
            foreach (var m in _members)
            {
                m.Dispose();
            }
        }
    }

    private Uri MemberUrl(Member m)
    {
        var b = new UriBuilder(_o.Url);
        var name = "name=" + Uri.EscapeDataString($"{_o.Name}-{m.Id}");
        if (_run.Layout.NameOf(m.Room) is { } room)
        {
            name += "&room=" + Uri.EscapeDataString(room);
        }

        b.Query = string.IsNullOrEmpty(b.Query) || b.Query == "?" ? name : b.Query.TrimStart('?') + "&" + name;
        return b.Uri;
    }

    private async Task<BenchResult> HoldAsync(ConnectResult connect, long rssBefore, CancellationToken ct)
    {
        _progress.Phase("hold");
        var gen0 = ResourceMonitor.GeneratorCpu();
        var cpu0 = _monitor.Server();
        await Task.Delay(TimeSpan.FromSeconds(_o.Hold), ct);
        var idle = _monitor.Server();
        var gen = (ResourceMonitor.GeneratorCpu() - gen0).TotalSeconds;
        return _report.Hold(connect, rssBefore, cpu0, idle, gen);
    }

    private async Task<BenchResult> LoadAsync(ConnectResult connect, long rssBefore, CancellationToken ct)
    {
        var rssIdle = _monitor.Server()?.RssKb ?? 0;
        var senders = new List<Sender>();
        foreach (var m in _members.Take(_o.Senders).Where(m => m.Connected))
        {
            ClosedLoopGate? gate = null;
            if (_o.ClosedLoop)
            {
                gate = new ClosedLoopGate();
                _run.Gates[m.Id] = gate;
            }

            senders.Add(new Sender(m, _o.Size, gate));
        }

        // A closed-loop sender waits on its gate without a token: open every gate when the run is cancelled.
        using var releaseGates = ct.Register(() =>
        {
            foreach (var gate in _run.Gates)
            {
                gate?.Release();
            }
        });

        if (_o.StartFile is not null)
        {
            _progress.Phase("wait");
            await BoundedWaits.WaitForFileAsync(_o.StartFile, TimeSpan.FromMinutes(5), ct);
        }

        if (_o.Warmup > 0)
        {
            _progress.Phase("warmup");
            await SendPhaseAsync(senders, Marker.Warmup, TimeSpan.FromSeconds(_o.Warmup), ct);
            await BoundedWaits.WaitQuietAsync(_run.Stats, TimeSpan.FromSeconds(Math.Max(1, _o.Drain)), ct);
        }

        _progress.Phase("measure");
        using var window = new MeasuredWindow(_run, _monitor, _o.AllocTrace);
        var receivers = _run.LiveByRoom();
        await SendPhaseAsync(senders, Marker.Measured, TimeSpan.FromSeconds(_o.Seconds), ct);

        _progress.Phase("drain");
        var expectedByRoom = _report.Expected(senders, receivers);
        await BoundedWaits.DrainAsync(_run.Stats, expectedByRoom.Sum(), senders.Count == 0, TimeSpan.FromSeconds(_o.Drain), ct);
        window.Close();
        return _report.Load(connect, rssBefore, rssIdle, senders, receivers, expectedByRoom, window);
    }

    private async Task SendPhaseAsync(List<Sender> senders, byte phase, TimeSpan duration, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        if (senders.Count == 0)
        {
            await Task.Delay(duration, ct);
            return;
        }

        var tasks = new Task[senders.Count];
        for (var i = 0; i < senders.Count; i++)
        {
            var s = senders[i];
            s.BeginPhase();
            tasks[i] = _o.ClosedLoop
                ? s.RunClosedLoopAsync(phase, () => _o.Echo ? _run.LiveIn(s.Room) : _run.LiveIn(s.Room) - 1, start, duration, ct)
                : s.RunOpenLoopAsync(phase, _o.Rate, start, TimeSpan.FromSeconds(i / (senders.Count * _o.Rate)), duration, ct);
        }

        await Task.WhenAll(tasks);
    }
}
