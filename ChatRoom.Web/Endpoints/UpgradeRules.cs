using System.Globalization;
using ChatRoom.Log;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Rooms;

namespace ChatRoom.Endpoints;

/// <summary>The checks an upgrade to <c>/ws</c> must pass before it may join, in the documented order.</summary>
internal static class UpgradeRules
{
    /// <returns>The refusal to send, or null; <paramref name="resume"/> is what a
    /// reconnecting client asked for, <paramref name="room"/> the room it asked to join.</returns>
    public static IResult? Check(HttpContext context, ChatOptions options, RoomDirectory rooms,
        out ResumeRequest? resume, out RoomName room)
    {
        resume = null;
        room = rooms.DefaultName;
        var request = context.Request;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return BadRequest(
                "This is ChatRoom's WebSocket endpoint: connect with a WebSocket client, e.g. wscat -c " +
                "\"ws://HOST/ws?name=alice\", or open the page at /.");
        }

        if (CheckAccess(request, options) is { } refused)
        {
            return refused;
        }

        var name = request.Query["name"].ToString();
        if (name.Trim().Length > 0 && !MemberName.TryNormalize(name, out _, out var problem))
        {
            return BadRequest($"bad name: {problem}");
        }

        return CheckResume(request.Query, out resume)
            ?? CheckRoom(request.Query, rooms, ref room)
            ?? UpgradeRefusals.Check(context);
    }

    /// <summary>Room name 400, then no such room 404: a room left out (or empty) is the default room.</summary>
    private static IResult? CheckRoom(IQueryCollection query, RoomDirectory rooms, ref RoomName room)
    {
        var raw = query["room"].ToString();
        if (raw.Length == 0)
        {
            return null;
        }

        if (!RoomName.TryParse(raw, out room, out var problem))
        {
            return BadRequest($"bad room name: {problem}");
        }

        return rooms.MayExist(room) ? null : NoSuchRoom(room);
    }

    public static IResult NoSuchRoom(RoomName room) =>
        Results.Text($"no such room: {room}\n", statusCode: StatusCodes.Status404NotFound);

    /// <summary>Origin 403, then access key 401: who may upgrade at all, on every WebSocket endpoint.</summary>
    public static IResult? CheckAccess(HttpRequest request, ChatOptions options)
    {
        if (!AccessRules.IsOriginAllowed(request.Headers.Origin, request.Host.Value ?? "", options.AllowedOrigins))
        {
            return Results.Text("origin not allowed\n", statusCode: StatusCodes.Status403Forbidden);
        }

        if (options.AccessKey is { Length: > 0 } accessKey
            && !AccessRules.KeyMatches(request.Query["key"].FirstOrDefault()
                ?? AccessRules.BearerToken(request.Headers.Authorization), accessKey))
        {
            return Results.Text("a valid access key is required: ?key=KEY or Authorization: Bearer KEY\n",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        return null;
    }

    private static IResult? CheckResume(IQueryCollection query, out ResumeRequest? resume)
    {
        resume = null;
        var hasSince = query.TryGetValue("since", out var since);
        var hasEpoch = query.TryGetValue("epoch", out var epoch);
        if (!hasSince && !hasEpoch)
        {
            return null;
        }

        if (hasSince != hasEpoch)
        {
            return BadRequest("since and epoch go together: ?since=ID&epoch=E from the last welcome and events");
        }

        if (!long.TryParse(since.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return BadRequest("since must be a non-negative integer: the id of the last event processed");
        }

        if (!RoomEpoch.IsValid(epoch.ToString()))
        {
            return BadRequest("epoch must be 1-32 letters or digits, as the welcome gave it");
        }

        resume = new ResumeRequest(id, epoch.ToString());
        return null;
    }

    private static IResult BadRequest(string reason) =>
        Results.Text(reason + "\n", statusCode: StatusCodes.Status400BadRequest);
}
