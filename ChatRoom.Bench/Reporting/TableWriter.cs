using System.Globalization;

namespace ChatRoom.Bench.Reporting;

/// <summary>Renders a result as a two-column markdown table for people.</summary>
public static class TableWriter
{
    public static void Write(BenchResult r, TextWriter output)
    {
        var rows = new List<(string, string)>
        {
            ("target", $"{r.Url} ({r.Mode}{(r.Label is null ? "" : ", " + r.Label)})"),
            ("load", r.Mode == "hold"
                ? $"{r.Clients} idle members"
                : $"{r.Clients} members, {r.Senders} senders × {(r.Rate > 0 ? F(r.Rate) + " msg/s" : "closed loop")}, {F(r.Seconds)} s, {r.Size} B{(r.Echo ? ", echo" : "")}"),
            ("connect", $"{r.Connect.Connected}/{r.Connect.Attempted} in {F(r.Connect.Seconds)} s, failed {r.Connect.Failed}, p50 {F(r.Connect.P50Ms)} ms, p99 {F(r.Connect.P99Ms)} ms, max {F(r.Connect.MaxMs)} ms"),
        };
        var c = r.Connect;
        rows.Add(("settled (connect + quiet)", $"{F(c.SettledSeconds)} s, {N(c.Frames)} frames received, cpu server {(c.ServerCpuSeconds is { } sc ? F(sc) + " s" : "?")} / generator {F(c.GeneratorCpuSeconds)} s"));
        if (r.Connect.FirstError is not null)
        {
            rows.Add(("first connect error", r.Connect.FirstError));
        }

        rows.Add(("members lost during run", r.MembersLost + (r.FirstLostReason is null ? "" : $" (first: {r.FirstLostReason})")));
        if (r.Delivery is { } d)
        {
            rows.Add(("deliveries/s", N(d.DeliveriesPerSecond)));
            rows.Add(("sent / expected / received", $"{N(d.Sent)} / {N(d.Expected)} / {N(d.Received)}"));
            rows.Add(("lost", $"{N(d.Lost)} ({F(d.LossPercent)} %)"));
            rows.Add(("duplicates / out of order", $"{N(d.Duplicates)} / {N(d.OrderViolations)}"));
            rows.Add(("frames received (window)", $"{N(d.Frames)} ({F(d.Frames == 0 ? 0 : (double)d.Received / d.Frames)} deliveries per frame)"));
            if (d.ClosedLoopTimeouts > 0 || d.SendFailures > 0 || d.SelfReceived > 0 || d.Stale > 0)
            {
                rows.Add(("anomalies", $"closed-loop timeouts {d.ClosedLoopTimeouts}, send failures {d.SendFailures}, own messages echoed {d.SelfReceived}, stale {d.Stale}"));
            }
        }

        if (r.Rooms is { } rooms)
        {
            rows.Add(("rooms", $"{N(rooms.Rooms)}: {Spread(rooms.MinMembers, rooms.MaxMembers)} members, {Spread(rooms.MinSenders, rooms.MaxSenders)} senders each"));
            rows.Add(("rooms short / worst room's loss / cross-room copies", $"{N(rooms.RoomsShort)} / {F(rooms.WorstRoomLossPercent)} % / {N(rooms.CrossRoom)}"));
        }

        if (r.LatencyMs is { } l)
        {
            rows.Add(("latency ms p50 / p90 / p99 / p99.9 / max", $"{F(l.P50)} / {F(l.P90)} / {F(l.P99)} / {F(l.P999)} / {F(l.Max)}"));
        }

        if (r.Server is { } s)
        {
            rows.Add(("server cpu", $"{F(s.CpuSeconds)} s ({F(s.CpuPercent)} % of one core), {F(s.CpuMicrosPerDelivery)} µs per delivery"));
            rows.Add(("server rss KiB before / idle / peak", $"{N(s.RssBeforeKb)} / {N(s.RssIdleKb)} / {N(s.RssPeakKb)}"));
            rows.Add(("server rss per member", $"{F(s.RssPerMemberKb)} KiB"));
        }

        var g = r.Generator;
        rows.Add(("generator cpu", $"{F(g.CpuSeconds)} s ({F(g.CpuPercent)} % of one core), {F(g.CpuMicrosPerDelivery)} µs per delivery, {F(g.AllocatedBytesPerDelivery)} B allocated per delivery, rss {N(g.RssKb)} KiB"));

        var width = rows.Max(x => x.Item1.Length);
        output.WriteLine($"| {"metric".PadRight(width)} | value |");
        output.WriteLine($"|{new string('-', width + 2)}|-------|");
        foreach (var (k, v) in rows)
        {
            output.WriteLine($"| {k.PadRight(width)} | {v} |");
        }
    }

    private static string F(double v) => v.ToString(v >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);

    private static string Spread(int min, int max) => min == max ? N(min) : $"{N(min)}-{N(max)}";

    private static string N(double v) => v.ToString("#,0", CultureInfo.InvariantCulture);
}
