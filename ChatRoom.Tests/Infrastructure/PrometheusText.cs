using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>Reads one sample out of the text /metrics serves.</summary>
public static partial class PrometheusText
{
    /// <summary>The first sample of <paramref name="name"/> whose labels contain <paramref name="label"/>.</summary>
    public static double Value(string metrics, string name, string? label = null)
    {
        foreach (var line in metrics.Split('\n'))
        {
            var match = Sample().Match(line);
            if (match.Success && match.Groups["name"].Value == name && (label is null || match.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)))
            {
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        throw new Xunit.Sdk.XunitException($"{name} {label} not found in:\n{metrics}");
    }

    /// <summary>The sum of every sample of <paramref name="name"/> (whatever its labels), 0 when there is none yet.</summary>
    public static double Sum(string metrics, string name) =>
        metrics.Split('\n').Select(line => Sample().Match(line))
            .Where(match => match.Success && match.Groups["name"].Value == name)
            .Sum(match => double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>[0-9.eE+-]+)")]
    private static partial Regex Sample();
}
