using System.ComponentModel.DataAnnotations;

namespace ChatRoom.Endpoints;

/// <summary>
/// The <c>Chat:UpgradeRateLimit</c> section: how fast one address may open members (docs/configuration-and-limits.md).
/// </summary>
internal sealed class UpgradeRateLimitOptions
{
    public const string Section = "Chat:UpgradeRateLimit";

    /// <summary>Upgrades per second one address earns; 0 turns the limit off.</summary>
    [Range(0, 1_000_000)]
    public double PerSecond { get; set; } = 20;

    /// <summary>Upgrades one address may make at once, after a quiet spell.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 100;

    /// <summary>
    /// Loopback is not limited, so a load test on the server's own machine (the benchmark's 10,000
    /// members) is not throttled, nor a reverse proxy on the same host (set this false then).
    /// </summary>
    public bool ExemptLoopback { get; set; } = true;

    /// <summary>Addresses with a bucket of their own; beyond them, new addresses share one bucket.</summary>
    [Range(1, 10_000_000)]
    public int MaxAddresses { get; set; } = 10_000;
}
