using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace ChatRoom.Hosting;

/// <summary>
/// Keeps access keys and sign-in tokens out of the log. ASP.NET Core's own request events
/// (<c>Request starting …</c>, at Information for <c>Microsoft.AspNetCore.Hosting.Diagnostics</c>)
/// carry the query string as a property, so <c>?key=KEY</c> would be written by anyone who turns
/// that category up. This masks the value of every <c>key</c> and <c>access_token</c> parameter in
/// every string property, whatever the sink or format.
/// </summary>
internal sealed partial class QueryKeyMasking : ILogEventEnricher
{
    public const string Mask = "***";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? masked = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: string text } && text.Contains('=', StringComparison.Ordinal))
            {
                var clean = QueryParameter().Replace(text, match => IsKeyName(match.Groups["name"].Value)
                    ? match.Groups["lead"].Value + match.Groups["name"].Value + "=" + Mask
                    : match.Value);
                if (!string.Equals(clean, text, StringComparison.Ordinal))
                {
                    (masked ??= []).Add(new LogEventProperty(name, new ScalarValue(clean)));
                }
            }
        }

        foreach (var property in masked ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    // The server reads the key with Request.Query["key"] and the token with ["access_token"]: names
    // are unescaped and compared ignoring case, so "?KEY=" and "?k%65y=" carry the key just as well.
    private static bool IsKeyName(string name)
    {
        try
        {
            var unescaped = Uri.UnescapeDataString(name.Replace('+', ' '));
            return string.Equals(unescaped, "key", StringComparison.OrdinalIgnoreCase)
                || string.Equals(unescaped, "access_token", StringComparison.OrdinalIgnoreCase);
        }
        catch (UriFormatException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"(?<lead>^|[?&;\s])(?<name>[^=&?#;\s""]+)=[^&#;\s""]*", RegexOptions.CultureInvariant)]
    private static partial Regex QueryParameter();
}
