using ChatRoom.Model;
using ChatRoom.Names;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatRoom.Hosting.Limits;

/// <summary>The descriptor budget and its guard, for Program.cs: see <see cref="ConnectionGuard"/>.</summary>
internal static partial class ConnectionLimits
{
    public static IServiceCollection AddConnectionLimits(this IServiceCollection services)
    {
        services.AddSingleton(_ => ConnectionBudget.FromProcess());
        services.AddSingleton<ConnectionGuard>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, GuardEveryEndpoint>();

        // Kestrel's socket transport, registered by the web host before this runs, behind the guard.
        services.AddSingleton<SocketTransportFactory>();
        services.Replace(ServiceDescriptor.Singleton<IConnectionListenerFactory>(sp =>
            new GuardedListenerFactory(sp.GetRequiredService<SocketTransportFactory>(),
                sp.GetRequiredService<ConnectionGuard>())));
        return services;
    }

    /// <summary>Marks connections busy while in a request, and reports the budget once the server listens.</summary>
    public static WebApplication UseConnectionLimits(this WebApplication app)
    {
        var guard = app.Services.GetRequiredService<ConnectionGuard>();
        app.Use(guard.OnRequestAsync);

        // Read once started, when the options have been validated.
        app.Lifetime.ApplicationStarted.Register(() => Report(
            app.Services.GetRequiredService<ILogger<ConnectionGuard>>(),
            app.Services.GetRequiredService<ConnectionBudget>(),
            app.Services.GetRequiredService<IOptions<ChatOptions>>().Value.MaxMembers));
        return app;
    }

    private static void Report(ILogger logger, ConnectionBudget budget, int maxMembers)
    {
        if (budget.DescriptorLimit >= int.MaxValue)
        {
            return;
        }

        BudgetInForce(logger, budget.DescriptorLimit, budget.WasSoftLimit, budget.Reserve, budget.Connections,
            budget.Members);
        if (maxMembers > budget.Members)
        {
            // The limit a member needs: its connection, plus the reserve and the HTTP headroom.
            var needed = maxMembers + budget.HttpHeadroom + ConnectionBudget.BaseReserve
                + ((maxMembers + budget.HttpHeadroom) / 16);
            MaxMembersTooHigh(logger, maxMembers, budget.DescriptorLimit, budget.Members, needed);
        }
    }

    [LoggerMessage(20, LogLevel.Information,
        "Open-file limit {Limit} (soft limit was {WasSoft}): {Reserve} kept for the process, up to {Connections} connections, {Members} members")]
    private static partial void BudgetInForce(ILogger logger, long limit, long wasSoft, int reserve, int connections,
        int members);

    [LoggerMessage(21, LogLevel.Warning,
        "Chat:MaxMembers is {MaxMembers} but the open-file limit {Limit} holds only {Members} members: joins past that get 503. " +
        "Raise the limit to at least {Needed} (ulimit -n {Needed} before starting; docker run --ulimit nofile={Needed}:{Needed}) or lower Chat:MaxMembers")]
    private static partial void MaxMembersTooHigh(ILogger logger, int maxMembers, long limit, int members, long needed);

    /// <summary>
    /// Puts the guard in front of every endpoint Kestrel listens on, including those from <c>--urls</c>.
    /// </summary>
    private sealed class GuardEveryEndpoint(ConnectionGuard guard) : IConfigureOptions<KestrelServerOptions>
    {
        public void Configure(KestrelServerOptions options) =>
            options.ConfigureEndpointDefaults(listen =>
                listen.Use(next => connection => guard.OnConnectionAsync(connection, next)));
    }
}
