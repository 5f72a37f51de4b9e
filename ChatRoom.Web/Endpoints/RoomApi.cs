using System.Text;
using System.Text.Json;
using ChatRoom.Log;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Protocol;
using ChatRoom.Rooms;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ChatRoom.Endpoints;

/// <summary>The room's HTTP API: its state, and server notices posted by an administrator.</summary>
internal static class RoomApi
{
    public static void MapRoomApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet("/room", GetRoom);
        api.MapPost("/messages", PostNoticeAsync);
        api.MapPost("/rooms/{room}/moderation", ModerationApi.PostAsync);
    }

    private static IResult GetRoom(Room room, IOptions<ChatOptions> options)
    {
        if (!room.IsAvailable)
        {
            return Unavailable();
        }

        var roster = room.Roster;
        return Results.Ok(
            new RoomSummary(roster.Online, roster.Listed, room.State.MessageCount, options.Value.MaxMembers,
                room.State.Epoch!, room.State.LastId));
    }

    private static async Task<IResult> PostNoticeAsync(HttpContext context, Room room,
        IOptions<ChatOptions> chatOptions)
    {
        var options = chatOptions.Value;
        if (AdminKey.Check(context, options) is { } refused)
        {
            return refused;
        }

        // JSON escapes can make the body up to six times the text; anything larger cannot be valid.
        var bodyLimit = (options.MaxMessageBytes * 6L) + 1024;
        if (context.Request.ContentLength > bodyLimit)
        {
            return Results.Text($"body too large (text max {options.MaxMessageBytes} bytes)\n",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = bodyLimit;
        }

        NoticeRequest? notice;
        try
        {
            notice = await JsonSerializer.DeserializeAsync(context.Request.Body, RoomApiJson.Default.NoticeRequest,
                context.RequestAborted);
        }
        catch (Exception exception) when (exception is JsonException or BadHttpRequestException)
        {
            return Results.Text("body must be JSON: {\"text\": \"...\"}\n",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var text = MessageText.Clean(notice?.Text ?? "");
        if (text.Length == 0)
        {
            return Results.Text("text must not be empty\n", statusCode: StatusCodes.Status400BadRequest);
        }

        if (Encoding.UTF8.GetByteCount(text) > options.MaxMessageBytes)
        {
            return Results.Text($"text too long (max {options.MaxMessageBytes} bytes)\n",
                statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            await room.PostNoticeAsync(text, context.RequestAborted);
        }
        catch (RoomUnavailableException)
        {
            return Unavailable();
        }
        catch (AppendOutcomeUnknownException)
        {
            // Not 503: a retry might post it twice.
            return Results.Text("chat did not confirm the notice in time: it may or may not have been posted\n",
                statusCode: StatusCodes.Status504GatewayTimeout);
        }

        return Results.Accepted();
    }

    internal static ServiceUnavailable Unavailable() => new("chat unavailable, try again later");
}

/// <summary>
/// GET /api/room: the count is exact; <see cref="Members"/> lists at most <see cref="Roster.MaxListed"/> names.
/// </summary>
internal sealed record RoomSummary(int Online, IReadOnlyList<string> Members, long Messages, int MaxMembers,
    string Epoch, long Last);

internal sealed record NoticeRequest(string? Text);
