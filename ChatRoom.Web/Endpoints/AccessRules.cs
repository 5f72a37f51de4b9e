using System.Security.Cryptography;
using System.Text;
using ChatRoom.Names;
using Microsoft.Extensions.Primitives;

namespace ChatRoom.Endpoints;

/// <summary>Who may open a socket: browser origins, and the optional shared keys.</summary>
internal static class AccessRules
{
    /// <summary>
    /// Cross-site WebSocket hijacking defence: a browser always sends Origin, so a page on another
    /// site cannot join on its visitor's behalf. Clients that send none (wscat, scripts) are not browsers.
    /// </summary>
    public static bool IsOriginAllowed(StringValues origin, string host, IReadOnlyCollection<string> allowedOrigins)
    {
        if (StringValues.IsNullOrEmpty(origin))
        {
            return true;
        }

        var value = origin.ToString();
        if (allowedOrigins.Count > 0)
        {
            return allowedOrigins.Any(allowed =>
                string.Equals(allowed.TrimEnd('/'), value, StringComparison.OrdinalIgnoreCase));
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Compares keys in time that does not depend on where they differ (or on their lengths).</summary>
    public static bool KeyMatches(string? provided, string expected)
    {
        if (provided is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(provided)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    /// <summary>The key from <c>Authorization: Bearer KEY</c>, if present.</summary>
    public static string? BearerToken(StringValues authorization)
    {
        const string Prefix = "Bearer ";
        var value = authorization.ToString();
        return value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? value[Prefix.Length..].Trim() : null;
    }
}
