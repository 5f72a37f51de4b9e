using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ChatRoom.Hosting.Limits;

/// <summary>
/// Kestrel's limits for a server that holds thousands of long-lived sockets: every HTTP phase
/// before the upgrade is bounded, so a client that connects and stalls (slowloris) cannot hold a
/// connection for long. Set here explicitly, then overridable through the standard
/// <c>Kestrel:Limits:*</c> configuration keys. docs/configuration-and-limits.md lists them with the reasons.
/// </summary>
/// <remarks>
/// After the upgrade Kestrel's HTTP timeouts no longer apply: the WebSocket keep-alive
/// (<c>Chat:KeepAliveInterval</c>/<c>KeepAliveTimeout</c>) and the close-handshake timeout take over.
/// </remarks>
internal sealed class KestrelLimits(IConfiguration configuration) : IConfigureOptions<KestrelServerOptions>
{
    public const string Section = "Kestrel:Limits";

    /// <summary>A request's headers must all arrive within this (Kestrel's default is 30 s).</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An idle HTTP connection, including one that never sends a request, is closed after this (default 130 s).
    /// </summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(30);

    /// <summary>All request headers together (default 32 KB): an upgrade needs well under 4 KB.</summary>
    public const int MaxRequestHeadersTotalSize = 16 * 1024;

    public const int MaxRequestHeaderCount = 100;

    /// <summary>The request line, with the query string (<c>?name=</c>, <c>?key=</c>).</summary>
    public const int MaxRequestLineSize = 8 * 1024;

    /// <summary>
    /// Only <c>POST /api/messages</c> reads a body, and it sets its own smaller limit from
    /// <c>Chat:MaxMessageBytes</c> (raising this one when that needs more); default 30 MB.
    /// </summary>
    public const long MaxRequestBodySize = 64 * 1024;

    public void Configure(KestrelServerOptions options)
    {
        var limits = options.Limits;
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        limits.MaxRequestLineSize = MaxRequestLineSize;
        limits.MaxRequestBodySize = MaxRequestBodySize;

        // A body trickling in slower than 240 bytes/s after a 5 s grace is cut off (Kestrel's default, made explicit).
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));

        // Off: ConnectionGuard holds connections to what the open-file limit can hold, closing the
        // oldest idle one first, and refuses members with a 503; Kestrel's caps would refuse the
        // newcomer and keep an idle flood.
        limits.MaxConcurrentConnections = null;
        limits.MaxConcurrentUpgradedConnections = null;

        // The standard keys win over the values above.
        configuration.GetSection(Section).Bind(limits);
    }
}
