using System.Text.Json;
using ChatRoom.Log;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Protocol;
using ChatRoom.Rooms;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ChatRoom.Endpoints;

/// <summary>
/// <c>POST /api/rooms/{room}/moderation</c>: what a moderator's commands do, for an administrator
/// with the admin key. 202 when done, 404 for an unknown room, member, ban or message.
/// </summary>
internal static class ModerationApi
{
    /// <summary>Who the room's events say acted, for the admin API.</summary>
    public const string By = "admin";

    private const long BodyLimit = 4096;

    private const string Usage =
        "body must be JSON: {\"action\":\"kick|mute|ban|unban\",\"name\":\"…\",\"minutes\":10} "
        + "or {\"action\":\"delete\",\"id\":42}\n";

    public static async Task<IResult> PostAsync(string room, HttpContext context, RoomDirectory rooms,
        IOptions<ChatOptions> chatOptions)
    {
        if (AdminKey.Check(context, chatOptions.Value) is { } refused)
        {
            return refused;
        }

        if (RoomApi.Parse(room, out var name) is { } badName)
        {
            return badName;
        }

        var request = await ReadAsync(context);
        if (request is null)
        {
            return BadRequest(Usage);
        }

        // Only a room open here has members to act on; a room nobody holds keeps no bans.
        using var lease = rooms.Borrow(name);
        if (lease is null)
        {
            return UpgradeRules.NoSuchRoom(name);
        }

        try
        {
            return await ActAsync(request, lease.Room.Room, context.RequestAborted);
        }
        catch (RoomUnavailableException)
        {
            return RoomApi.Unavailable();
        }
        catch (AppendOutcomeUnknownException)
        {
            return Results.Text("chat did not confirm the action in time: it may or may not have been done\n",
                statusCode: StatusCodes.Status504GatewayTimeout);
        }
    }

    private static async Task<IResult> ActAsync(ModerationRequest request, Room chat,
        CancellationToken cancellationToken)
    {
        if (request.Action == "delete")
        {
            return request.Id is not > 0 ? BadRequest("delete needs the message's \"id\"\n")
                : Done(await chat.DeleteAsync(request.Id.Value, By, cancellationToken), $"message {request.Id}");
        }

        if (!ModerationActions.TryParse(request.Action, out var action))
        {
            return BadRequest(Usage);
        }

        if (!MemberName.TryNormalize(request.Name ?? "", out var name, out var problem))
        {
            return BadRequest($"bad name: {problem}\n");
        }

        var minutes = action.IsTimed() ? request.Minutes ?? ModerationActions.DefaultMinutes : 0;
        if (minutes is < 0 or > ModerationActions.MaxMinutes || (action.IsTimed() && minutes == 0))
        {
            return BadRequest($"minutes must be 1 to {ModerationActions.MaxMinutes}\n");
        }

        var command = new ModerateCommand(action, name, By, minutes);
        return Done(await chat.ModerateAsync(command, cancellationToken),
            action == ModerationAction.Unban ? $"ban of {name}" : $"member {name}");
    }

    private static IResult Done(AppendStatus status, string target) => status == AppendStatus.Appended
        ? Results.Accepted()
        : Results.Text($"no {target} in this room\n", statusCode: StatusCodes.Status404NotFound);

    private static async Task<ModerationRequest?> ReadAsync(HttpContext context)
    {
        if (context.Request.ContentLength > BodyLimit)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = BodyLimit;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, RoomApiJson.Default.ModerationRequest,
                context.RequestAborted);
        }
        catch (Exception exception) when (exception is JsonException or BadHttpRequestException)
        {
            return null;
        }
    }

    private static IResult BadRequest(string reason) =>
        Results.Text(reason, statusCode: StatusCodes.Status400BadRequest);
}

/// <summary>
/// The admin API's moderation: <see cref="Name"/> for kick, mute, ban, unban; <see cref="Id"/> for delete.
/// </summary>
internal sealed record ModerationRequest(string? Action, string? Name, long? Id, int? Minutes);
