using ChatRoom.Echo;
using ChatRoom.Model;
using ChatRoom.SignIn;
using ChatRoom.Transport;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ChatRoom.Endpoints;

/// <summary>
/// <c>/echo</c>: the classic first WebSocket server. Every message comes back to its sender
/// unchanged; no room, no name. Upgrades are checked as for <c>/ws</c> (upgrade 400, Origin 403,
/// key 401, then the upgrade throttle and the connection budget, 503), and the connection is held
/// to a member's limits (see <see cref="EchoConnection"/>).
/// </summary>
internal static class EchoEndpoint
{
    public const string Path = "/echo";

    public static IEndpointConventionBuilder MapEcho(this IEndpointRouteBuilder endpoints) =>
        endpoints.Map(Path, HandleAsync);

    private static async Task HandleAsync(HttpContext context, IOptions<ChatOptions> chatOptions, TimeProvider time,
        IHostApplicationLifetime lifetime, TokenSignIn signIn)
    {
        var options = chatOptions.Value;
        var refusal = context.WebSockets.IsWebSocketRequest
            ? (await UpgradeRules.CheckAccessAsync(context, options, signIn)).Refusal ?? UpgradeRefusals.Check(context)
            : Results.Text(
                "This is ChatRoom's echo endpoint: every message comes back to its sender. Connect with a " +
                "WebSocket client, e.g. wscat -c \"ws://HOST/echo\".\n",
                statusCode: StatusCodes.Status400BadRequest);
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var stream = (context.Features.Get<IHttpUpgradeFeature>() as SharedWriteUpgradeFeature)?.Stream;
        using var connection = new EchoConnection(socket, new EchoWriter(socket, stream), EchoLimits.From(options),
            time, context.RequestAborted);
        await connection.RunAsync(lifetime.ApplicationStopping);
    }
}
