using Microsoft.AspNetCore.Http.Features;

namespace ChatRoom.Transport;

/// <summary>
/// Hands the WebSocket layer a <see cref="SharedWriteStream"/> instead of the raw upgraded
/// stream, and keeps it, so the member's send pump can write to the same connection.
/// </summary>
internal sealed class SharedWriteUpgradeFeature(IHttpUpgradeFeature inner, Action abortConnection) : IHttpUpgradeFeature
{
    public SharedWriteStream? Stream { get; private set; }

    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    public async Task<Stream> UpgradeAsync()
    {
        Stream = new SharedWriteStream(await inner.UpgradeAsync(), abortConnection);
        return Stream;
    }
}

internal static class SharedWriteUpgrades
{
    /// <summary>
    /// Installs the feature on requests to <paramref name="path"/>. It must run before
    /// <c>UseWebSockets</c>, which captures the upgrade feature when a request arrives.
    /// </summary>
    public static IApplicationBuilder UseSharedWriteUpgrades(this IApplicationBuilder app, PathString path) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path == path
                && context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
            {
                context.Features.Set<IHttpUpgradeFeature>(new SharedWriteUpgradeFeature(upgrade, context.Abort));
            }

            return next(context);
        });
}
