using System.Text;
using System.Text.Json;
using ChatRoom.Log;
using ChatRoom.Model;
using ChatRoom.Protocol;
using ChatRoom.Rooms;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ChatRoom.Endpoints;

/// <summary>
/// Server notices posted by an administrator: <c>POST /api/messages</c> to every room open here,
/// <c>POST /api/rooms/{room}/messages</c> to one room.
/// </summary>
internal static class NoticeApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/messages", async (HttpContext context, RoomDirectory rooms, IOptions<ChatOptions> options) =>
        {
            var (refusal, text) = await ReadNoticeAsync(context, options.Value);
            if (refusal is not null)
            {
                return refusal;
            }

            var leases = rooms.BorrowAll();
            try
            {
                return await PostAsync(text, leases.Select(lease => lease.Room.Room), context.RequestAborted);
            }
            finally
            {
                leases.ForEach(lease => lease.Dispose());
            }
        });
        api.MapPost("/rooms/{room}/messages",
            async (string room, HttpContext context, RoomDirectory rooms, IOptions<ChatOptions> options) =>
            {
                var (refusal, text) = await ReadNoticeAsync(context, options.Value);
                if (refusal is not null)
                {
                    return refusal;
                }

                if (RoomApi.Parse(room, out var name) is { } badName)
                {
                    return badName;
                }

                using var lease = rooms.Borrow(name);
                return lease is null
                    ? UpgradeRules.NoSuchRoom(name)
                    : await PostAsync(text, [lease.Room.Room], context.RequestAborted);
            });
    }

    private static async Task<IResult> PostAsync(string text, IEnumerable<Room> rooms,
        CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(rooms.Select(room => room.PostNoticeAsync(text, cancellationToken)));
        }
        catch (RoomUnavailableException)
        {
            return RoomApi.Unavailable();
        }
        catch (AppendOutcomeUnknownException)
        {
            // Not 503: a retry might post it twice.
            return Results.Text("chat did not confirm the notice in time: it may or may not have been posted\n",
                statusCode: StatusCodes.Status504GatewayTimeout);
        }

        return Results.Accepted();
    }

    /// <summary>
    /// The notice's text, cleaned; or the refusal: 404 without an admin key, 401 without the key, 400 for the body.
    /// </summary>
    private static async Task<(IResult? Refusal, string Text)> ReadNoticeAsync(HttpContext context,
        ChatOptions options)
    {
        if (AdminKey.Check(context, options) is { } refused)
        {
            return (refused, "");
        }

        // JSON escapes can make the body up to six times the text; anything larger cannot be valid.
        var bodyLimit = (options.MaxMessageBytes * 6L) + 1024;
        if (context.Request.ContentLength > bodyLimit)
        {
            return (BadRequest($"body too large (text max {options.MaxMessageBytes} bytes)"), "");
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
            return (BadRequest("body must be JSON: {\"text\": \"...\"}"), "");
        }

        var text = MessageText.Clean(notice?.Text ?? "");
        if (text.Length == 0)
        {
            return (BadRequest("text must not be empty"), "");
        }

        return Encoding.UTF8.GetByteCount(text) > options.MaxMessageBytes
            ? (BadRequest($"text too long (max {options.MaxMessageBytes} bytes)"), "")
            : (null, text);
    }

    private static IResult BadRequest(string reason) =>
        Results.Text(reason + "\n", statusCode: StatusCodes.Status400BadRequest);
}

internal sealed record NoticeRequest(string? Text);
