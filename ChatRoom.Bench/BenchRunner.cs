using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
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
    private static readonly TimeSpan QuietFor = TimeSpan.FromMilliseconds(500);

    private readonly BenchOptions _o;
    private readonly RunContext _run;
    private readonly ResourceMonitor _monitor;
    private readonly ProgressReporter _progress;
    private readonly List<Member> _members = [];

    public BenchRunner(BenchOptions options)
    {
        _o = options;
        _run = new RunContext(options);
        _monitor = new ResourceMonitor(options.ServerPid);
        _progress = new ProgressReporter(_run, _monitor, () => _run.Live);
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
            await WaitQuietAsync(TimeSpan.FromSeconds(_o.SettleMax), ct);
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
            await TearDownAsync(lifetime);
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
        var server = idle is null
            ? null
            : new ServerResult(
                _o.ServerPid!.Value,
                (idle.Cpu - cpu0!.Cpu).TotalSeconds,
                0,
                (idle.Cpu - cpu0.Cpu).TotalSeconds / _o.Hold * 100,
                rssBefore,
                idle.RssKb,
                _monitor.PeakRssKb,
                connect.Connected == 0 ? 0 : (idle.RssKb - rssBefore) / (double)connect.Connected);
        var gen = (ResourceMonitor.GeneratorCpu() - gen0).TotalSeconds;
        return Result("hold", connect, null, null, server, new GeneratorResult(gen, 0, gen / _o.Hold * 100, ResourceMonitor.GeneratorRssKb()));
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
            await WaitForFileAsync(_o.StartFile, TimeSpan.FromMinutes(5), ct);
        }

        if (_o.Warmup > 0)
        {
            _progress.Phase("warmup");
            await SendPhaseAsync(senders, Marker.Warmup, TimeSpan.FromSeconds(_o.Warmup), ct);
            await WaitQuietAsync(TimeSpan.FromSeconds(Math.Max(1, _o.Drain)), ct);
        }

        _progress.Phase("measure");
        var (_, warmup0, frames0) = _run.Stats.Totals();
        var server0 = _monitor.Server();
        var gen0 = ResourceMonitor.GeneratorCpu();
        var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        using var sampler = _o.AllocTrace ? new AllocationSampler() : null;
        if (sampler is not null)
        {
            sampler.Enabled = true;
        }

        var start = Stopwatch.GetTimestamp();
        var receivers = _run.LiveByRoom();
        await SendPhaseAsync(senders, Marker.Measured, TimeSpan.FromSeconds(_o.Seconds), ct);

        _progress.Phase("drain");
        var expectedByRoom = Expected(senders, receivers);
        var expected = expectedByRoom.Sum();
        await DrainAsync(expected, senders.Count == 0, TimeSpan.FromSeconds(_o.Drain), ct);
        var window = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var server1 = _monitor.Server();
        var gen = (ResourceMonitor.GeneratorCpu() - gen0).TotalSeconds;
        var allocated1 = GC.GetTotalAllocatedBytes(precise: true);
        if (sampler is not null)
        {
            sampler.Enabled = false;
            foreach (var (type, bytes) in sampler.Top(12))
            {
                Console.Error.WriteLine($"alloc-trace: {bytes,12:#,0} B sampled  {type}");
            }
        }

        var snap = _run.Stats.Snapshot();
        if (senders.Count == 0)
        {
            // A listener process does not know what remote senders sent: the highest sequence number seen stands in.
            var seen = snap.MaxSeq.Select(seq => (long)seq + 1).ToArray();
            expectedByRoom = RoomAccounting.Expected(_run.Layout, seen, receivers, sendersAreLocal: false, _o.Echo);
            expected = expectedByRoom.Sum();
        }

        var sent = senders.Count == 0 ? snap.MaxSeq.Sum(s => (long)s + 1) : senders.Sum(s => s.Sent);
        var lost = Math.Max(0, expected - snap.Received);
        var delivery = new DeliveryResult(
            sent,
            expected,
            snap.Received,
            lost,
            expected == 0 ? 0 : lost * 100.0 / expected,
            snap.Duplicates,
            snap.OrderViolations,
            snap.SelfReceived,
            snap.Stale,
            snap.Frames - frames0,
            window,
            window <= 0 ? 0 : snap.Received / window,
            _run.Gates.Sum(g => g?.TimeOuts ?? 0),
            senders.Sum(s => s.Failed));
        var h = snap.Latency;
        var latency = new LatencyResult(
            h.Percentile(50) / 1000.0, h.Percentile(90) / 1000.0, h.Percentile(99) / 1000.0,
            h.Percentile(99.9) / 1000.0, h.Max / 1000.0, h.Mean() / 1000.0);
        // CPU is divided by every copy handled in the window: a server that fell behind is still
        // delivering warm-up messages then, and that work is in its CPU time too.
        var handled = snap.Received + snap.WarmupReceived - warmup0;
        var perDelivery = handled <= 0 ? 0 : 1e6 / handled;
        ServerResult? server = null;
        if (server0 is not null && server1 is not null)
        {
            var cpu = (server1.Cpu - server0.Cpu).TotalSeconds;
            server = new ServerResult(
                _o.ServerPid!.Value, cpu, cpu * perDelivery, cpu / window * 100, rssBefore, rssIdle,
                Math.Max(_monitor.PeakRssKb, server1.RssKb),
                connect.Connected == 0 ? 0 : (rssIdle - rssBefore) / (double)connect.Connected);
        }

        var generator = new GeneratorResult(gen, gen * perDelivery, gen / window * 100, ResourceMonitor.GeneratorRssKb())
        {
            AllocatedBytesPerDelivery = handled <= 0 ? 0 : (allocated1 - allocated0) / (double)handled,
        };
        return Result("load", connect, delivery, latency, server, generator) with
        {
            Rooms = _run.Layout.Named ? RoomsView(expectedByRoom, snap.CrossRoom) : null,
        };
    }

    private RoomsResult RoomsView(long[] expectedByRoom, long crossRoom)
    {
        var layout = _run.Layout;
        var received = new long[layout.Count];
        foreach (var m in _members)
        {
            received[m.Room] += m.Received;
        }

        var senders = layout.MembersPerRoom(_o.IdBase, Math.Min(_o.Senders, _o.Clients));
        return RoomAccounting.Summarize(
            layout.MembersPerRoom(_o.IdBase, _o.Clients), senders, expectedByRoom, received, crossRoom);
    }

    private BenchResult Result(string mode, ConnectResult connect, DeliveryResult? delivery, LatencyResult? latency, ServerResult? server, GeneratorResult generator)
    {
        var lost = _members.Where(m => m.LostReason is not null).ToList();
        return new BenchResult
        {
            Label = _o.Label,
            Mode = mode,
            Url = _o.Url.ToString(),
            Clients = _o.Clients,
            Senders = _o.Senders,
            Rate = _o.Rate,
            Seconds = _o.HoldMode ? _o.Hold : _o.Seconds,
            Size = _o.Size,
            Echo = _o.Echo,
            Connect = connect,
            MembersLost = lost.Count,
            FirstLostReason = lost.FirstOrDefault()?.LostReason,
            Delivery = delivery,
            LatencyMs = latency,
            Server = server,
            Generator = generator,
        };
    }

    /// <summary>Every message of a local sender is due at every other live member of its room (and at itself with --echo).</summary>
    private long[] Expected(List<Sender> senders, int[] liveByRoom)
    {
        var sent = new long[senders.Count == 0 ? 0 : senders.Max(s => s.Id) + 1];
        foreach (var s in senders)
        {
            sent[s.Id] = s.Sent;
        }

        return RoomAccounting.Expected(_run.Layout, sent, liveByRoom, sendersAreLocal: true, _o.Echo);
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

    private async Task DrainAsync(long expected, bool listener, TimeSpan limit, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var lastChange = start;
        long last = -1;
        while (Stopwatch.GetElapsedTime(start) < limit)
        {
            var (received, _, _) = _run.Stats.Totals();
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
    private async Task WaitQuietAsync(TimeSpan limit, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var (_, _, frames) = _run.Stats.Totals();
        var since = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < limit)
        {
            await Task.Delay(100, ct);
            var (_, _, now) = _run.Stats.Totals();
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

    private static async Task WaitForFileAsync(string path, TimeSpan limit, CancellationToken ct)
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

    /// <summary>Closes politely with a bounded budget, then aborts whatever is left.</summary>
    private async Task TearDownAsync(CancellationTokenSource lifetime)
    {
        _run.ShuttingDown = true;
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var next = -1;
        async Task CloseWorker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < _members.Count && !budget.IsCancellationRequested)
            {
                var m = _members[i];
                if (!m.IsOpen)
                {
                    continue;
                }

                try
                {
                    await m.CloseOutputAsync(budget.Token);
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
                {
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => CloseWorker()));
        try
        {
            await Task.WhenAll(_members.Select(m => m.Receiving)).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
        }

        await lifetime.CancelAsync();
        foreach (var m in _members)
        {
            m.Abort();
        }
    }
}
