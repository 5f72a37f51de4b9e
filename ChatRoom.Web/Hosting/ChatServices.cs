using System.Globalization;
using ChatRoom.Diagnostics;
using ChatRoom.Endpoints;
using ChatRoom.Hosting.Limits;
using ChatRoom.Log;
using ChatRoom.Log.Redis;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Rooms;
using ChatRoom.Transport;
using ChatRoom.Wire;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Serilog;

namespace ChatRoom.Hosting;

/// <summary>The composition of the room's services, for Program.cs.</summary>
internal static class ChatServices
{
    public static IServiceCollection AddChatRoom(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChatOptions>()
            .Bind(configuration.GetSection(ChatOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.RateLimit is { MessagesPerSecond: > 0, Burst: >= 1 },
                "Chat:RateLimit: MessagesPerSecond must be > 0 and Burst >= 1")
            .Validate(o => o.SendQueueBytes >= 4L * o.MaxMessageBytes,
                "Chat:SendQueueBytes must hold at least four messages of Chat:MaxMessageBytes")
            .Validate(o => o.WelcomeMaxBytes <= o.SendQueueBytes,
                "Chat:WelcomeMaxBytes must not exceed Chat:SendQueueBytes: a welcome is queued like any other frame")
            .Validate(o => o.AllowedOrigins.All(IsOrigin),
                "Chat:AllowedOrigins: each entry must be an origin such as https://chat.example.com")
            .Validate(o => RoomRules.Problem(o) is null, "Chat:DefaultRoom, Chat:Rooms and Chat:MaxRooms: "
                + "each a room name (1-32 letters, digits, '-', '_' or '.'), MaxRooms at least as many as they name")
            .ValidateOnStart();

        services.AddOptions<UpgradeRateLimitOptions>()
            .Bind(configuration.GetSection(UpgradeRateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp =>
            new UpgradeThrottle(sp.GetRequiredService<IOptions<UpgradeRateLimitOptions>>().Value,
                sp.GetRequiredService<TimeProvider>()));
        services.AddTrustedProxies(configuration);

        services.AddOptions<WebSocketOptions>().Configure<IOptions<ChatOptions>>((ws, chat) =>
        {
            ws.KeepAliveInterval = chat.Value.KeepAliveInterval;
            ws.KeepAliveTimeout = chat.Value.KeepAliveTimeout;
        });
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(new KestrelLimits(configuration));
        services.AddSingleton<BoundedBlockPools>();
        services.AddSingleton<IMemoryPoolFactory<byte>>(sp => sp.GetRequiredService<BoundedBlockPools>());
        // The host reads its options while it is built, before ValidateOnStart has run: take the raw
        // value here, so that a bad one is reported by the validation, not by a crash in Build.
        services.AddOptions<HostOptions>().Configure(host =>
        {
            if (TimeSpan.TryParse(configuration[$"{ChatOptions.Section}:{nameof(ChatOptions.ShutdownTimeout)}"],
                CultureInfo.InvariantCulture, out var timeout))
            {
                host.ShutdownTimeout = timeout;
            }
            else
            {
                host.ShutdownTimeout = new ChatOptions().ShutdownTimeout;
            }
        });
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, RoomApiJson.Default);
            json.SerializerOptions.Encoder = MinimalJsonEncoder.Instance;
        });

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ChatMetrics>();
        services.AddSingleton(sp => new WriteCoalescer(
            sp.GetRequiredService<IOptions<ChatOptions>>().Value.WriteDelay, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
            new QueuedBytes(sp.GetRequiredService<IOptions<ChatOptions>>().Value.MaxQueuedBytes));
        services.AddRoomLog(configuration);
        services.AddSingleton<IRoomLogs, RoomLogs>();
        services.AddSingleton<RoomInstance>();
        services.AddSingleton<RoomFanOut>();
        services.AddSingleton<RoomFactory>();
        services.AddSingleton<RoomDirectory>();
        services.AddSingleton<LocalRoomList>();
        services.AddSingleton<IRoomList>(sp => sp.GetRequiredService<IOptions<RedisOptions>>().Value.IsEnabled
            ? ActivatorUtilities.CreateInstance<DeploymentRoomList>(sp)
            : sp.GetRequiredService<LocalRoomList>());
        services.AddSingleton(sp =>
        {
            var rules = RoomRules.From(sp.GetRequiredService<IOptions<ChatOptions>>().Value);
            return new RedisRoomRules(rules.IsKept, rules.EmptyRoomTtl, rules.MaxRooms);
        });
        services.AddHostedService<RoomLifetime>();
        services.AddHostedService<PresenceTicker>();
        services.AddHostedService<EmptyRoomSweeper>();
        services.AddHostedService<IdleMemoryTrim>();
        return services;
    }

    /// <summary>
    /// Serilog from the <c>Serilog</c> configuration section, without a static logger (test hosts
    /// run side by side); access keys in query strings are masked whatever the configuration says.
    /// </summary>
    public static WebApplicationBuilder AddChatLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog(
            (services, logger) => logger
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.With<QueryKeyMasking>(),
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>
    /// One event per HTTP request, written through this app's logger rather than Serilog's static one.
    /// </summary>
    public static WebApplication UseChatRequestLogging(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<Serilog.ILogger>();
        app.UseSerilogRequestLogging(options => options.Logger = logger);
        return app;
    }

    /// <summary>On SIGTERM or Ctrl+C, members hear why and are closed with 1001 before Kestrel stops.</summary>
    public static WebApplication CloseRoomOnShutdown(this WebApplication app)
    {
        // Resolved when stopping, not now: the room reads its options, and a bad value must reach
        // RunCheckedAsync's clear message rather than fail here.
        app.Lifetime.ApplicationStopping.Register(
            () => app.Services.GetRequiredService<RoomDirectory>().BeginShutdown());
        return app;
    }

    /// <summary>
    /// Runs the app; a bad configuration value ends it with the reason and exit code 1, before it listens.
    /// </summary>
    public static async Task<int> RunCheckedAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception exception)
            when (exception is OptionsValidationException
                or InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" })
        {
            await Console.Error.WriteLineAsync($"ChatRoom cannot start: invalid configuration: {exception.Message}");
            return 1;
        }
    }

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && uri.AbsolutePath == "/";
}
