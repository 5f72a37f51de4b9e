using ChatRoom.Diagnostics;
using ChatRoom.Log.Redis;
using ChatRoom.Names;
using OpenTelemetry.Metrics;

namespace ChatRoom.Hosting;

/// <summary>Prometheus metrics at /metrics: the room's own meter beside ASP.NET Core's and Kestrel's.</summary>
internal static class ChatTelemetry
{
    public const string MetricsPath = "/metrics";

    private static readonly string[] Meters =
    [
        ChatMetrics.MeterName,
        RedisMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "System.Runtime",
    ];

    public static IServiceCollection AddChatTelemetry(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
        return services;
    }

    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
}
