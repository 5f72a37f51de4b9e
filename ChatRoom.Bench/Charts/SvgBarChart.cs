using System.Globalization;
using System.Security;
using System.Text;

namespace ChatRoom.Bench.Charts;

/// <summary>
/// A row of small bar panels, one metric each, one bar per server, written as plain SVG. Hand
/// written on purpose: no native drawing library to install, and the output is a small text file
/// that diffs and renders anywhere (GitHub shows it inline in docs/performance.md).
/// </summary>
public sealed class SvgBarChart(string title, string subtitle)
{
    private const int PanelWidth = 230;
    private const int PanelHeight = 250;
    private const int Top = 58;
    private const int PlotTop = 42;
    private const int PlotBottom = 200;

    /// <summary>Server colours in a fixed order so the same server keeps its colour in every chart.</summary>
    private static readonly string[] Palette = ["#2f6fb0", "#9aa7b5", "#2e9e5b", "#d0812c", "#8e5bb5", "#c0392b"];

    private readonly List<Panel> _panels = [];

    public IReadOnlyList<string> PanelTitles => _panels.ConvertAll(p => p.Title);

    /// <param name="bars">One per server, in legend order; a null value draws "–" (no data).</param>
    public void AddPanel(string panelTitle, bool higherIsBetter, IReadOnlyList<(string Server, double? Value)> bars) =>
        _panels.Add(new Panel(panelTitle, higherIsBetter, bars));

    public string ToSvg()
    {
        var width = Math.Max(1, _panels.Count) * PanelWidth + 20;
        var height = Top + PanelHeight + 10;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">""")
            .Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{width}" height="{height}" fill="white"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="10" y="22" font-size="15" font-weight="bold">{Escape(title)}</text>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="10" y="40" fill="#555">{Escape(subtitle)}</text>""").Append('\n');
        for (var i = 0; i < _panels.Count; i++)
        {
            AppendPanel(svg, _panels[i], 10 + i * PanelWidth, Top);
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void AppendPanel(StringBuilder svg, Panel panel, int x, int y)
    {
        var inv = CultureInfo.InvariantCulture;
        svg.Append(inv, $"""<g transform="translate({x},{y})">""").Append('\n');
        svg.Append(inv, $"""<rect x="0" y="0" width="{PanelWidth - 10}" height="{PanelHeight}" fill="#fafafa" stroke="#ddd"/>""").Append('\n');
        svg.Append(inv, $"""<text x="8" y="16" font-weight="bold">{Escape(panel.Title)}</text>""").Append('\n');
        svg.Append(inv, $"""<text x="8" y="30" fill="#777">{(panel.HigherIsBetter ? "higher is better" : "lower is better")}</text>""").Append('\n');
        var max = panel.Bars.Max(b => b.Value ?? 0);
        var slot = (PanelWidth - 30.0) / Math.Max(1, panel.Bars.Count);
        var barWidth = Math.Min(40, slot * 0.7);
        for (var i = 0; i < panel.Bars.Count; i++)
        {
            var (server, value) = panel.Bars[i];
            var cx = 10 + slot * i + slot / 2;
            var h = value is { } v && max > 0 ? (PlotBottom - PlotTop) * v / max : 0;
            var colour = Palette[i % Palette.Length];
            svg.Append(inv, $"""<rect x="{cx - barWidth / 2:0.#}" y="{PlotBottom - h:0.#}" width="{barWidth:0.#}" height="{h:0.#}" fill="{colour}"><title>{Escape(server)}: {Format(value)}</title></rect>""").Append('\n');
            svg.Append(inv, $"""<text x="{cx:0.#}" y="{PlotBottom - h - 4:0.#}" text-anchor="middle">{Format(value)}</text>""").Append('\n');
            svg.Append(inv, $"""<text x="{cx:0.#}" y="{PlotBottom + 16}" text-anchor="middle" font-size="10">{Escape(server)}</text>""").Append('\n');
        }

        svg.Append(inv, $"""<line x1="6" y1="{PlotBottom}" x2="{PanelWidth - 16}" y2="{PlotBottom}" stroke="#999"/>""").Append('\n');
        svg.Append("</g>\n");
    }

    /// <summary>Three significant figures at most, thousands grouped: readable at a glance.</summary>
    public static string Format(double? value) => value switch
    {
        null => "–",
        >= 10_000 => value.Value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 100 => value.Value.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => value.Value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0.00", CultureInfo.InvariantCulture),
    };

    private static string Escape(string text) => SecurityElement.Escape(text);

    private sealed record Panel(string Title, bool HigherIsBetter, IReadOnlyList<(string Server, double? Value)> Bars);
}
