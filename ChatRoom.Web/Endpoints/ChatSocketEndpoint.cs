using ChatRoom.Chat;
using ChatRoom.Transport;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ChatRoom.Endpoints;

/// <summary>
/// <c>/ws</c>: checks an upgrade in the order DESIGN.md gives (upgrade 400, Origin 403, key 401,
/// name 400, room full 503), then accepts the socket and runs the member's connection.
/// </summary>
public static class ChatSocketEndpoint
{
    public const string Path = "/ws";

    public static IEndpointConventionBuilder MapChatSocket(this IEndpointRouteBuilder endpoints) =>
        endpoints.Map(Path, HandleAsync);

    private static async Task HandleAsync(
        HttpContext context,
        Room room,
        RoomCapacity capacity,
        ChatMetrics metrics,
        TimeProvider time,
        IOptions<ChatOptions> chatOptions,
        ILoggerFactory loggerFactory)
    {
        var options = chatOptions.Value;
        var refusal = Check(context, options);
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        var place = room.IsShuttingDown ? null : capacity.TryReserve();
        if (place is null)
        {
            context.Response.Headers.RetryAfter = "5";
            await Results.Text(room.IsShuttingDown ? "server is shutting down\n" : "room is full, try again later\n", statusCode: StatusCodes.Status503ServiceUnavailable)
                .ExecuteAsync(context);
            return;
        }

        try
        {
            var format = context.WebSockets.WebSocketRequestedProtocols.Contains(WireFormats.JsonSubProtocol)
                ? WireFormat.Json
                : WireFormat.PlainText;
            using var socket = await context.WebSockets.AcceptWebSocketAsync(
                format == WireFormat.Json ? WireFormats.JsonSubProtocol : null);
            using var member = new Member(
                room.NextMemberId(), format, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", time.GetUtcNow(),
                options.SendQueueLimit, options.CloseHandshakeTimeout)
            {
                Place = place,
            };
            using var aborted = context.RequestAborted.Register(member.Abort);
            var logger = loggerFactory.CreateLogger<MemberConnection>();
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["MemberId"] = member.Id });
            var writer = new FrameWriter(socket, (context.Features.Get<IHttpUpgradeFeature>() as SharedWriteUpgradeFeature)?.Stream);
            var connection = new MemberConnection(socket, writer, member, room, options, metrics, time, logger);
            MemberName.TryNormalize(context.Request.Query["name"], out var name);
            await connection.RunAsync(name.Length > 0 ? name : null);
        }
        finally
        {
            // Freed here if the room did not already free it (the member never joined, or failed).
            place.Dispose();
        }
    }

    private static IResult? Check(HttpContext context, ChatOptions options)
    {
        var request = context.Request;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Results.Text(
                "This is ChatRoom's WebSocket endpoint: connect with a WebSocket client, e.g. wscat -c \"ws://HOST/ws?name=alice\", or open the page at /.\n",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (!AccessRules.IsOriginAllowed(request.Headers.Origin, request.Host.Value ?? "", options.AllowedOrigins))
        {
            return Results.Text("origin not allowed\n", statusCode: StatusCodes.Status403Forbidden);
        }

        if (options.AccessKey is { Length: > 0 } accessKey
            && !AccessRules.KeyMatches(request.Query["key"].FirstOrDefault() ?? AccessRules.BearerToken(request.Headers.Authorization), accessKey))
        {
            return Results.Text("a valid access key is required: ?key=KEY or Authorization: Bearer KEY\n", statusCode: StatusCodes.Status401Unauthorized);
        }

        var name = request.Query["name"].ToString();
        if (name.Trim().Length > 0 && !MemberName.TryNormalize(name, out _))
        {
            return Results.Text($"bad name: {MemberName.Rule}\n", statusCode: StatusCodes.Status400BadRequest);
        }

        return UpgradeRefusals.Check(context);
    }
}
