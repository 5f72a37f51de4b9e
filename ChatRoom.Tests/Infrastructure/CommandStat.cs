using System.Globalization;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>One line of <c>INFO commandstats</c>.</summary>
public sealed record CommandStat(long Calls, long Microseconds, long RejectedCalls, long FailedCalls)
{
    /// <summary>Parses lines like <c>cmdstat_evalsha:calls=3,usec=120,usec_per_call=40.00,rejected_calls=0,failed_calls=0</c>.</summary>
    public static IReadOnlyDictionary<string, CommandStat> ParseInfo(string info)
    {
        const string Prefix = "cmdstat_";
        var stats = new Dictionary<string, CommandStat>(StringComparer.Ordinal);
        foreach (var rawLine in info.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (!line.StartsWith(Prefix, StringComparison.Ordinal) || colon < 0)
            {
                continue;
            }

            var fields = line[(colon + 1)..].Split(',')
                .Select(field => field.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
            stats[line[Prefix.Length..colon]] = new CommandStat(
                Field(fields, "calls"), Field(fields, "usec"), Field(fields, "rejected_calls"), Field(fields, "failed_calls"));
        }

        return stats;
    }

    private static long Field(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) ? long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture) : 0;
}
