using System.Globalization;
using ChatRoom.Log;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Rooms;
using ChatRoom.SignIn;

namespace ChatRoom.Endpoints;

/// <summary>The checks an upgrade to <c>/ws</c> must pass before it may join, in the documented order.</summary>
internal static class UpgradeRules
{
    /// <returns>The refusal to send, or null; what a reconnecting client asked for, the room it
    /// asked to join, and who the member is when it signed in.</returns>
    public static async Task<UpgradeCheck> CheckAsync(
        HttpContext context,
        ChatOptions options,
        RoomDirectory rooms,
        TokenSignIn signIn)
    {
        var request = context.Request;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return new UpgradeCheck(BadRequest(
                "This is ChatRoom's WebSocket endpoint: connect with a WebSocket client, e.g. wscat -c " +
                "\"ws://HOST/ws?name=alice\", or open the page at /."));
        }

        var (refused, identity) = await CheckAccessAsync(context, options, signIn);
        if (refused is not null)
        {
            return new UpgradeCheck(refused);
        }

        // A signed-in member's name is its token's: ?name= is not read, so not checked either.
        var name = request.Query["name"].ToString();
        if (identity is null && name.Trim().Length > 0 && !MemberName.TryNormalize(name, out _, out var problem))
        {
            return new UpgradeCheck(BadRequest($"bad name: {problem}"));
        }

        var room = rooms.DefaultName;
        var refusal = CheckResume(request.Query, out var resume)
            ?? CheckRoom(request.Query, rooms, ref room)
            ?? UpgradeRefusals.Check(context);
        return new UpgradeCheck(refusal, resume, identity, room);
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

    /// <summary>
    /// Origin 403, then access key 401, then token 401: who may upgrade at all, on every WebSocket
    /// endpoint. While a token scheme is configured, <c>Authorization: Bearer</c> carries the token,
    /// so the key is read from <c>?key=</c> only.
    /// </summary>
    public static async Task<(IResult? Refusal, MemberIdentity? Identity)> CheckAccessAsync(
        HttpContext context,
        ChatOptions options,
        TokenSignIn signIn)
    {
        var request = context.Request;
        if (!AccessRules.IsOriginAllowed(request.Headers.Origin, request.Host.Value ?? "", options.AllowedOrigins))
        {
            return (Results.Text("origin not allowed\n", statusCode: StatusCodes.Status403Forbidden), null);
        }

        if (options.AccessKey is { Length: > 0 } accessKey
            && !AccessRules.KeyMatches(request.Query["key"].FirstOrDefault()
                ?? (signIn.IsConfigured ? null : AccessRules.BearerToken(request.Headers.Authorization)), accessKey))
        {
            return (Unauthorized(signIn.IsConfigured
                ? "a valid access key is required: ?key=KEY"
                : "a valid access key is required: ?key=KEY or Authorization: Bearer KEY"), null);
        }

        var outcome = await signIn.AuthenticateAsync(context);
        return outcome.IsRefused
            ? (Unauthorized($"sign-in refused: {outcome.Message}"), null)
            : (null, outcome.Identity);
    }

    private static IResult Unauthorized(string reason) =>
        Results.Text(reason + "\n", statusCode: StatusCodes.Status401Unauthorized);

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

/// <summary>
/// An upgrade's checks: the refusal to send, or null; the resume asked for; the signed-in identity.
/// </summary>
internal sealed record UpgradeCheck(
    IResult? Refusal,
    ResumeRequest? Resume = null,
    MemberIdentity? Identity = null,
    RoomName Room = default);
