using System.ComponentModel.DataAnnotations;
using System.Net;

namespace ChatRoom.Hosting;

/// <summary>
/// The <c>ForwardedHeaders</c> section: the reverse proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed (docs/deploy.md). Nothing listed: nobody's are.
/// </summary>
internal sealed class ForwardedHeadersSettings : IValidatableObject
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c> or <c>fd00::5</c>. Host names are not looked up.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of proxies in CIDR notation, e.g. <c>10.213.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool TrustsAnyone => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    /// <summary>The proxies, once validated.</summary>
    public IEnumerable<IPAddress> Proxies() => KnownProxies.Select(IPAddress.Parse);

    /// <summary>The networks, once validated.</summary>
    public IEnumerable<IPNetwork> Networks() => KnownNetworks.Select(text => IPNetwork.Parse(text));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var text in KnownProxies.Where(text => !TryParseAddress(text, out _)))
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(KnownProxies)}: '{text}' is not an IP address (host names are not looked up): " +
                "e.g. 10.0.0.5 or fd00::5",
                [nameof(KnownProxies)]);
        }

        foreach (var text in KnownNetworks.Where(text => !TryParseNetwork(text, out _)))
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(KnownNetworks)}: '{text}' is not a network in CIDR notation without host bits: " +
                "e.g. 10.213.0.0/24 or fd00::/64",
                [nameof(KnownNetworks)]);
        }
    }

    // IPAddress.Parse also takes "10.0.0" or "10" (short forms of an IPv4 address): a typo there
    // would trust an address nobody meant, so IPv4 must be written out in full.
    private static bool TryParseAddress(string text, out IPAddress address) =>
        IPAddress.TryParse(text, out address!)
            && (text.Contains(':', StringComparison.Ordinal) || text.Count(c => c == '.') == 3);

    // IPNetwork.Parse clears host bits ("10.0.0.1/8" is 10.0.0.0/8): a slip that would trust a
    // whole network where one address was meant, so they are refused.
    private static bool TryParseNetwork(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            && TryParseAddress(text[..slash], out var address)
            && IPNetwork.TryParse(text, out network)
            && network.BaseAddress.Equals(address);
    }
}
