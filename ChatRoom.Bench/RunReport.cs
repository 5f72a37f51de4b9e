using ChatRoom.Bench.Cli;
using ChatRoom.Bench.Load;
using ChatRoom.Bench.Monitoring;
using ChatRoom.Bench.Reporting;

namespace ChatRoom.Bench;

/// <summary>
/// Turns what a run measured into its <see cref="BenchResult"/>: what was due against what arrived,
/// latency, CPU per delivery, memory per member, and the members the room closed.
/// </summary>
public sealed class RunReport(BenchOptions options, RunContext run, ResourceMonitor monitor, IReadOnlyList<Member> members)
{
    public BenchResult Hold(ConnectResult connect, long rssBefore, ProcessSample? before, ProcessSample? idle, double generatorCpuSeconds)
    {
        var server = idle is null
            ? null
            : new ServerResult(
                options.ServerPid!.Value,
                (idle.Cpu - before!.Cpu).TotalSeconds,
                0,
                (idle.Cpu - before.Cpu).TotalSeconds / options.Hold * 100,
                rssBefore,
                idle.RssKb,
                monitor.PeakRssKb,
                connect.Connected == 0 ? 0 : (idle.RssKb - rssBefore) / (double)connect.Connected);
        var generator = new GeneratorResult(generatorCpuSeconds, 0, generatorCpuSeconds / options.Hold * 100, ResourceMonitor.GeneratorRssKb());
        return Result("hold", connect, null, null, server, generator);
    }

    /// <summary>Every message of a local sender is due at every other live member of its room (and at itself with --echo).</summary>
    public long[] Expected(List<Sender> senders, int[] liveByRoom)
    {
        var sent = new long[senders.Count == 0 ? 0 : senders.Max(s => s.Id) + 1];
        foreach (var s in senders)
        {
            sent[s.Id] = s.Sent;
        }

        return RoomAccounting.Expected(run.Layout, sent, liveByRoom, sendersAreLocal: true, options.Echo);
    }

    public BenchResult Load(
        ConnectResult connect, long rssBefore, long rssIdle, List<Sender> senders, int[] receivers, long[] expectedByRoom, MeasuredWindow window)
    {
        var expected = expectedByRoom.Sum();
        var snap = run.Stats.Snapshot();
        if (senders.Count == 0)
        {
            // A listener process does not know what remote senders sent: the highest sequence number seen stands in.
            var seen = snap.MaxSeq.Select(seq => (long)seq + 1).ToArray();
            expectedByRoom = RoomAccounting.Expected(run.Layout, seen, receivers, sendersAreLocal: false, options.Echo);
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
            snap.Frames - window.FramesBefore,
            window.Seconds,
            window.Seconds <= 0 ? 0 : snap.Received / window.Seconds,
            run.Gates.Sum(g => g?.TimeOuts ?? 0),
            senders.Sum(s => s.Failed));
        var h = snap.Latency;
        var latency = new LatencyResult(
            h.Percentile(50) / 1000.0, h.Percentile(90) / 1000.0, h.Percentile(99) / 1000.0,
            h.Percentile(99.9) / 1000.0, h.Max / 1000.0, h.Mean() / 1000.0);
        // CPU is divided by every copy handled in the window: a server that fell behind is still
        // delivering warm-up messages then, and that work is in its CPU time too.
        var handled = snap.Received + snap.WarmupReceived - window.WarmupBefore;
        var perDelivery = handled <= 0 ? 0 : 1e6 / handled;
        ServerResult? server = null;
        if (window is { ServerBefore: { } server0, ServerAfter: { } server1 })
        {
            var cpu = (server1.Cpu - server0.Cpu).TotalSeconds;
            server = new ServerResult(
                options.ServerPid!.Value, cpu, cpu * perDelivery, cpu / window.Seconds * 100, rssBefore, rssIdle,
                Math.Max(monitor.PeakRssKb, server1.RssKb),
                connect.Connected == 0 ? 0 : (rssIdle - rssBefore) / (double)connect.Connected);
        }

        var gen = window.GeneratorCpuSeconds;
        var generator = new GeneratorResult(gen, gen * perDelivery, gen / window.Seconds * 100, ResourceMonitor.GeneratorRssKb())
        {
            AllocatedBytesPerDelivery = handled <= 0 ? 0 : window.AllocatedBytes / (double)handled,
        };
        return Result("load", connect, delivery, latency, server, generator) with
        {
            Rooms = run.Layout.Named ? RoomsView(expectedByRoom, snap.CrossRoom) : null,
        };
    }

    private RoomsResult RoomsView(long[] expectedByRoom, long crossRoom)
    {
        var layout = run.Layout;
        var received = new long[layout.Count];
        foreach (var m in members)
        {
            received[m.Room] += m.Received;
        }

        var senders = layout.MembersPerRoom(options.IdBase, Math.Min(options.Senders, options.Clients));
        return RoomAccounting.Summarize(
            layout.MembersPerRoom(options.IdBase, options.Clients), senders, expectedByRoom, received, crossRoom);
    }

    private BenchResult Result(string mode, ConnectResult connect, DeliveryResult? delivery, LatencyResult? latency, ServerResult? server, GeneratorResult generator)
    {
        var lost = members.Where(m => m.LostReason is not null).ToList();
        return new BenchResult
        {
            Label = options.Label,
            Mode = mode,
            Url = options.Url.ToString(),
            Clients = options.Clients,
            Senders = options.Senders,
            Rate = options.Rate,
            Seconds = options.HoldMode ? options.Hold : options.Seconds,
            Size = options.Size,
            Echo = options.Echo,
            Connect = connect,
            MembersLost = lost.Count,
            FirstLostReason = lost.FirstOrDefault()?.LostReason,
            Delivery = delivery,
            LatencyMs = latency,
            Server = server,
            Generator = generator,
        };
    }
}
