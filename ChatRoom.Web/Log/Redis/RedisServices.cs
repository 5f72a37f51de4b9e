using ChatRoom.Model;
using ChatRoom.Names;
using Microsoft.Extensions.Options;

namespace ChatRoom.Log.Redis;

/// <summary>
/// The Redis log's composition: with <c>Redis:Configuration</c> set, it holds the rooms' logs.
/// <see cref="RedisRoomRules"/> comes from the rooms' own rules, registered with them.
/// </summary>
internal static class RedisServices
{
    /// <summary>
    /// The room's log: Redis when <c>Redis:Configuration</c> is set, else the in-process one. Chosen
    /// when first resolved, from the bound options, not while services are registered: a host's
    /// configuration may still grow until it is built (a test host's does). Until then nothing of
    /// the Redis log exists, and its hosted services do nothing without it.
    /// </summary>
    public static IServiceCollection AddRoomLog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>()
            .Bind(configuration.GetSection(RedisOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => RedisOptions.IsValidConfiguration(o.Configuration),
                "Redis:Configuration: not a StackExchange.Redis connection string (e.g. localhost:6379)")
            .ValidateOnStart();
        services.AddSingleton<InProcessRoomLog>();
        services.AddSingleton<IRoomLog>(provider =>
            provider.GetRequiredService<IOptions<RedisOptions>>().Value.IsEnabled
            ? provider.GetRequiredService<RedisRoomLogs>().Open(
                RoomName.Parse(provider.GetRequiredService<IOptions<ChatOptions>>().Value.DefaultRoom))
            : provider.GetRequiredService<InProcessRoomLog>());

        services.AddSingleton<ILogReach>(provider =>
            provider.GetRequiredService<IOptions<RedisOptions>>().Value.IsEnabled
            ? provider.GetRequiredService<RedisReach>()
            : new InProcessLogReach());
        services.AddSingleton<RedisReach>();
        services.AddSingleton<RedisMetrics>();
        services.AddSingleton(provider =>
            new DeploymentKeys(provider.GetRequiredService<IOptions<RedisOptions>>().Value.Room));
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<InstanceIncarnation>();
        services.AddSingleton<OpenRedisRooms>();
        services.AddSingleton<InstanceBeat>();
        services.AddSingleton<DeadInstanceReaper>();
        services.AddSingleton<PendingAppends>();
        services.AddSingleton<PendingLeaves>();
        services.AddSingleton<RedisRoomLogs>();
        services.AddSingleton<RedisRoomRegistry>();
        services.AddHostedService<InstanceHeartbeat>();
        services.AddHostedService<LeaveRetrier>();
        return services;
    }
}
