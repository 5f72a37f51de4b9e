using ChatRoom.Diagnostics;
using ChatRoom.Log;
using ChatRoom.Members;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Protocol;
using ChatRoom.Rooms;
using ChatRoom.Sessions;
using ChatRoom.SignIn;
using ChatRoom.Transport;
using ChatRoom.Wire;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ChatRoom.Endpoints;

/// <summary>
/// <c>/ws</c>: checks an upgrade in the order docs/protocol.md gives (upgrade 400, Origin 403,
/// key or token 401, name 400, resume 400, room name 400, no such room 404, banned 403, too many rooms, room
/// full or unavailable 503), enters the room (opening it if need be), joins it through its log,
/// then accepts the socket and runs the member's connection.
/// </summary>
internal static class ChatSocketEndpoint
{
    public const string Path = "/ws";

    public static IEndpointConventionBuilder MapChatSocket(this IEndpointRouteBuilder endpoints) =>
        endpoints.Map(Path, HandleAsync);

    private static async Task HandleAsync(
        HttpContext context,
        RoomDirectory rooms,
        IRoomList roomList,
        RoomInstance instance,
        ChatMetrics metrics,
        QueuedBytes queued,
        WriteCoalescer coalescer,
        TimeProvider time,
        IOptions<ChatOptions> chatOptions,
        TokenSignIn signIn,
        ILogger<MemberConnection> logger)
    {
        var options = chatOptions.Value;
        var (refusal, resume, identity, roomName) = await UpgradeRules.CheckAsync(context, options, rooms, signIn);
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        var entry = rooms.Enter(roomName);
        if (entry.Lease is not { } lease)
        {
            await (entry.Refusal == RoomRefusal.NotFound
                ? UpgradeRules.NoSuchRoom(roomName)
                : new ServiceUnavailable(entry.Reason!)).ExecuteAsync(context);
            return;
        }

        using var held = lease;
        var room = lease.Room.Room;
        await lease.Room.StartAsync();

        var format = WireFormat.Choose(context.WebSockets.WebSocketRequestedProtocols);
        var outbox = new Outbox(options.SendQueueLimit, options.SendQueueBytes, options.SendTimeout, time, queued);
        using var member = new Member(
            instance.NextMemberKey(), format, context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            time.GetUtcNow(), outbox, options.CloseHandshakeTimeout, identity);
        MemberName.TryNormalize(context.Request.Query["name"], out var name);

        JoinOutcome joined;
        try
        {
            joined = await room.JoinAsync(
                member, identity?.Name ?? (name.Length > 0 ? name : null), format.CarriesIds ? resume : null,
                context.RequestAborted);
        }
        catch (RoomUnavailableException exception)
        {
            await RefuseAsync(context, exception.Message);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // Gone while joining: if the join made it into the log, its leave follows it.
            await room.LeaveAsync(member);
            return;
        }

        if (joined.Status == AppendStatus.Banned)
        {
            await Results.Text("you are banned from this room for now\n", statusCode: StatusCodes.Status403Forbidden)
                .ExecuteAsync(context);
            return;
        }

        var welcome = joined.Welcome;
        joined = default;
        if (welcome is null)
        {
            await RefuseAsync(context, "room is full, try again later");
            return;
        }

        var connected = false;
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync(format.SubProtocol);
            // Not member.Abort: that would cancel the read of frames the client sent before hanging
            // up, and lose its last message, if the room was still applying the one before it.
            using var aborted = context.RequestAborted.Register(member.TransportEnded);
            IFrameWriter writer =
                (context.Features.Get<IHttpUpgradeFeature>() as SharedWriteUpgradeFeature)?.Stream is { } stream
                ? new FrameWriter(stream)
                : new WebSocketFrameWriter(socket);
            // One logger for every member, and no scope: Serilog's factory builds a new logger per
            // CreateLogger call, and a scope lives as long as the socket (≈ 1 KB per idle member
            // together); every member event names its MemberId itself.
            var session = new MemberSession(member, room, roomList, options, metrics, time, logger);
            var connection = new MemberConnection(socket, writer, member, session.HandleTextAsync, metrics,
                options.MaxMessageBytes, coalescer);
            if (room.IsShuttingDown)
            {
                member.RequestClose(CloseRequest.ShuttingDown);
            }

            ChatLog.MemberJoined(logger, member.Id, member.Name, member.RemoteAddress, member.Format.Name);
            connected = true;
            var frames = WelcomeBudget.Encode(welcome, format, options.WelcomeMaxBytes);
            welcome = null; // the frames hold it until they are sent, not for the socket's lifetime
            var reason = await connection.RunAsync(frames, () => room.LeaveAsync(member));
            metrics.MemberClosed(reason);
            ChatLog.MemberLeft(
                logger, member.Id, member.Name, time.GetUtcNow() - member.ConnectedAt, member.MessagesSent,
                member.FramesQueued, socket.CloseStatus ?? member.Outbox.Close?.Status, reason);
        }
        finally
        {
            if (!connected)
            {
                await room.LeaveAsync(member);
            }
        }
    }

    private static Task RefuseAsync(HttpContext context, string reason) =>
        new ServiceUnavailable(reason).ExecuteAsync(context);
}
