using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ChatRoom.Hosting;

/// <summary>
/// The client's address and scheme from <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, believed
/// only when the peer is one of the proxies in <see cref="ForwardedHeadersSettings"/>; first in the
/// pipeline, so the upgrade limit, the logs and every later step see the real client.
/// </summary>
/// <remarks>
/// ASP.NET Core's middleware believes the rightmost entry only (ForwardLimit 1): the one the nearest
/// proxy added. nginx's <c>$proxy_add_x_forwarded_for</c> appends the address it saw to whatever the
/// client sent, so a client's own claim, however it is written, stays to the left, unread.
/// </remarks>
internal static partial class TrustedProxies
{
    /// <summary>The configuration key of ASP.NET Core's <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>.</summary>
    private const string EnvironmentSwitch = "ForwardedHeaders_Enabled";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ForwardedHeadersSettings>()
            .Bind(configuration.GetSection(ForwardedHeadersSettings.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // ASPNETCORE_FORWARDEDHEADERS_ENABLED puts ASP.NET Core's own forwarded-headers middleware in
        // front, with its list of proxies cleared: that believes every peer, so anyone could claim any
        // address, 127.0.0.1 included. Its options (only it reads them) forward nothing instead.
        services.PostConfigure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.None);
        return services;
    }

    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        // Built with the pipeline when the server starts, after the settings were validated.
        app.Use(next =>
        {
            var settings = app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value;
            var loggers = app.Services.GetRequiredService<ILoggerFactory>();
            if (string.Equals(app.Configuration[EnvironmentSwitch], "true", StringComparison.OrdinalIgnoreCase))
            {
                EnvironmentSwitchIgnored(loggers.CreateLogger(typeof(TrustedProxies)));
            }

            // With no proxy known, the middleware would believe everyone: it is left out instead.
            return settings.TrustsAnyone
                ? new ForwardedHeadersMiddleware(next, loggers, Options.Create(MiddlewareOptions(settings))).Invoke
                : next;
        });
        return app;
    }

    private static ForwardedHeadersOptions MiddlewareOptions(ForwardedHeadersSettings settings)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1,
        };

        // Its defaults trust loopback; only what is configured counts.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.Proxies())
        {
            options.KnownProxies.Add(proxy);
        }

        foreach (var network in settings.Networks())
        {
            options.KnownIPNetworks.Add(network);
        }

        return options;
    }

    [LoggerMessage(30, LogLevel.Warning,
        "ASPNETCORE_FORWARDEDHEADERS_ENABLED is ignored: it would believe X-Forwarded-For from anyone. " +
        "List the proxies to believe in ForwardedHeaders:KnownProxies or ForwardedHeaders:KnownNetworks (docs/deploy.md)")]
    private static partial void EnvironmentSwitchIgnored(ILogger logger);
}
