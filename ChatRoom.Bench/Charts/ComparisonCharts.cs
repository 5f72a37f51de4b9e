using System.Globalization;
using System.Text.Json;

namespace ChatRoom.Bench.Charts;

/// <summary>
/// Turns a compare.sh results folder (<c>{scenario}.{server}.jsonl</c>, one JSON line per run) into
/// one SVG per scenario beside it: the median of each metric, one bar per server.
/// </summary>
public sealed class ComparisonCharts(string directory)
{
    /// <summary>What each chart shows: (panel title, JSON paths tried in order, higher is better).</summary>
    private static readonly (string Title, string[] Paths, bool HigherIsBetter)[] Metrics =
    [
        ("deliveries/s", ["delivery.deliveriesPerSecond"], true),
        ("messages/s", ["messagesPerSecond"], true),
        ("latency p50 ms", ["latencyMs.p50"], false),
        ("latency p99 ms", ["latencyMs.p99", "p99Ms"], false),
        ("server CPU µs/delivery", ["server.cpuMicrosPerDelivery", "serverCpuMicrosPerDelivery"], false),
        ("server CPU µs/message", ["server.cpuMicrosPerMessage"], false),
        ("server memory KiB/member", ["server.rssPerMemberKb", "rssPerMemberKb"], false),
        ("connect seconds", ["connect.seconds"], false),
    ];

    /// <summary>Writes the charts; returns the files written.</summary>
    /// <param name="servers">Bar order; servers found in the folder but not named here follow, sorted.</param>
    public IReadOnlyList<string> Write(IReadOnlyList<string> servers, string when)
    {
        var runs = Load();
        var written = new List<string>();
        foreach (var scenario in runs.Keys.Order(StringComparer.Ordinal))
        {
            var byServer = runs[scenario];
            var order = servers.Where(byServer.ContainsKey)
                .Concat(byServer.Keys.Where(s => !servers.Contains(s)).Order(StringComparer.Ordinal))
                .ToList();
            var counts = string.Join(", ", order.Select(s => $"{s} {byServer[s].Count}"));
            var chart = new SvgBarChart($"{scenario}: medians per server", $"{when} · runs: {counts} · same machine, same run");
            foreach (var (title, paths, higher) in Metrics)
            {
                var bars = order.Select(s => (s, Median(byServer[s], paths))).ToList();
                // A metric no server reported in this scenario is left out, and so is one that is zero
                // for all (CPU per delivery while idle: there were no deliveries).
                if (bars.Exists(b => b.Item2 is > 0))
                {
                    chart.AddPanel(title, higher, bars);
                }
            }

            var path = Path.Combine(directory, $"{scenario}.svg");
            File.WriteAllText(path, chart.ToSvg());
            written.Add(path);
        }

        if (RoomsChart(runs, servers, when) is { } rooms)
        {
            written.Add(rooms);
        }

        return written;
    }

    /// <summary>
    /// The rooms scenarios side by side (<c>rooms.svg</c>): one bar per layout (and server, when
    /// there are several), the same load cut into rooms of different sizes.
    /// </summary>
    private string? RoomsChart(Dictionary<string, Dictionary<string, List<JsonElement>>> runs,
        IReadOnlyList<string> servers, string when)
    {
        const string Prefix = "rooms-";
        var layouts = runs.Keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal))
            .OrderBy(k => int.Parse(k[Prefix.Length..].Split('x')[0], CultureInfo.InvariantCulture))
            .ToList();
        if (layouts.Count < 2)
        {
            return null;
        }

        var names = layouts.SelectMany(l => runs[l].Keys).Distinct().ToList();
        var order = servers.Where(names.Contains).Concat(names.Where(n => !servers.Contains(n)).Order(StringComparer.Ordinal)).ToList();
        var bars = layouts.SelectMany(l => order.Where(runs[l].ContainsKey).Select(server =>
            (Label: order.Count == 1 ? l[Prefix.Length..] : $"{l[Prefix.Length..]} {server}", Runs: runs[l][server]))).ToList();
        var chart = new SvgBarChart("rooms: the same members, senders and load in rooms of different sizes (rooms x members)",
            $"{when} · medians of {string.Join(", ", bars.Select(b => b.Runs.Count).Distinct())} runs · same machine, same run");
        foreach (var (title, paths, higher) in Metrics)
        {
            var values = bars.ConvertAll(b => (b.Label, Median(b.Runs, paths)));
            if (values.Exists(v => v.Item2 is > 0))
            {
                chart.AddPanel(title, higher, values);
            }
        }

        var path = Path.Combine(directory, "rooms.svg");
        File.WriteAllText(path, chart.ToSvg());
        return path;
    }

    /// <summary>scenario → server → the JSON lines of its runs (lines with an error are skipped).</summary>
    private Dictionary<string, Dictionary<string, List<JsonElement>>> Load()
    {
        var runs = new Dictionary<string, Dictionary<string, List<JsonElement>>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.jsonl"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0)
            {
                continue;
            }

            var lines = new List<JsonElement>();
            foreach (var line in File.ReadLines(file))
            {
                if (!line.TrimStart().StartsWith('{'))
                {
                    continue;
                }

                using var json = JsonDocument.Parse(line);
                if (!json.RootElement.TryGetProperty("error", out _))
                {
                    lines.Add(json.RootElement.Clone());
                }
            }

            if (lines.Count > 0)
            {
                var scenario = name[..dot];
                if (!runs.TryGetValue(scenario, out var byServer))
                {
                    runs[scenario] = byServer = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
                }

                byServer[name[(dot + 1)..]] = lines;
            }
        }

        return runs;
    }

    internal static double? Median(IReadOnlyList<JsonElement> runs, string[] paths)
    {
        foreach (var path in paths)
        {
            var values = runs.Select(r => Get(r, path)).OfType<double>().Order().ToList();
            if (values.Count > 0)
            {
                var mid = values.Count / 2;
                return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
            }
        }

        return null;
    }

    private static double? Get(JsonElement element, string path)
    {
        foreach (var key in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.Number ? element.GetDouble() : null;
    }

    /// <summary>`ChatRoom.Bench chart DIR [servers]`: the entry point compare.sh calls after its runs.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 2 || !Directory.Exists(args[1]))
        {
            Console.Error.WriteLine("usage: ChatRoom.Bench chart RESULTS_DIR [\"server1 server2 ...\"]");
            return 2;
        }

        var servers = args.Length > 2 ? args[2].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        var when = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        foreach (var file in new ComparisonCharts(args[1]).Write(servers, when))
        {
            Console.Error.WriteLine($"chart: {file}");
        }

        return 0;
    }
}
