using System.Xml.Linq;
using ChatRoom.Bench.Charts;

namespace ChatRoom.Bench.Tests;

public sealed class ComparisonChartsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("chatroom-charts-").FullName;

    [Fact]
    public void Each_scenario_gets_one_svg_with_one_bar_per_server_showing_the_median()
    {
        File.WriteAllLines(Path.Combine(_dir, "fanout.chatroom.jsonl"),
        [
            Line(100_000, 2, 30, 4),
            Line(90_000, 3, 50, 5),
            Line(80_000, 1, 10, 6),
        ]);
        File.WriteAllLines(Path.Combine(_dir, "fanout.go-gorilla.jsonl"), [Line(95_000, 2, 36, 10), """{"error":"server did not start"}"""]);
        File.WriteAllLines(Path.Combine(_dir, "idle.go-gorilla.jsonl"), ["""{"connect":{"seconds":2.5},"server":{"rssPerMemberKb":17.6,"cpuMicrosPerDelivery":0}}"""]);

        var written = new ComparisonCharts(_dir).Write(["chatroom", "go-gorilla"], "test");

        Assert.Equal(2, written.Count);
        var fanout = XDocument.Load(Path.Combine(_dir, "fanout.svg"));
        XNamespace svg = "http://www.w3.org/2000/svg";
        var titles = fanout.Descendants(svg + "title").Select(t => t.Value).ToList();
        Assert.Contains("chatroom: 90,000", titles);
        Assert.Contains("go-gorilla: 95,000", titles);
        Assert.Contains("chatroom: 30.0", titles);
        Assert.Contains("chatroom: 5.00", titles);
        // deliveries/s, p50, p99, CPU: four panels, two bars each; no memory or connect data, no panel.
        Assert.Equal(8, titles.Count);

        var idle = XDocument.Load(Path.Combine(_dir, "idle.svg"));
        var idleTitles = idle.Descendants(svg + "title").Select(t => t.Value).ToList();
        Assert.Equal(["go-gorilla: 17.6", "go-gorilla: 2.50"], idleTitles);
    }

    [Fact]
    public void The_rooms_scenarios_also_share_one_chart_with_one_bar_per_layout_fewest_rooms_first()
    {
        File.WriteAllLines(Path.Combine(_dir, "rooms-1000x10.chatroom.jsonl"), [Line(100_000, 2, 30, 6)]);
        File.WriteAllLines(Path.Combine(_dir, "rooms-1x10000.chatroom.jsonl"), [Line(90_000, 3, 50, 4)]);
        File.WriteAllLines(Path.Combine(_dir, "rooms-10x1000.chatroom.jsonl"), [Line(95_000, 2, 40, 5)]);

        var written = new ComparisonCharts(_dir).Write(["chatroom"], "test");

        Assert.Equal(4, written.Count);
        XNamespace svg = "http://www.w3.org/2000/svg";
        var titles = XDocument.Load(Path.Combine(_dir, "rooms.svg")).Descendants(svg + "title").Select(t => t.Value).ToList();
        Assert.Equal(["1x10000: 90,000", "10x1000: 95,000", "1000x10: 100,000"], titles.Take(3));
    }

    [Theory]
    [InlineData(null, "–")]
    [InlineData(1_234_567.0, "1,234,567")]
    [InlineData(123.4, "123")]
    [InlineData(12.34, "12.3")]
    [InlineData(1.234, "1.23")]
    public void Values_are_shown_with_at_most_three_significant_figures_or_grouped_thousands(double? value, string shown) =>
        Assert.Equal(shown, SvgBarChart.Format(value));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Line(double perSecond, double p50, double p99, double cpu) =>
        FormattableString.Invariant($"{{\"delivery\":{{\"deliveriesPerSecond\":{perSecond}}},\"latencyMs\":{{\"p50\":{p50},\"p99\":{p99}}},\"server\":{{\"cpuMicrosPerDelivery\":{cpu}}}}}");
}
