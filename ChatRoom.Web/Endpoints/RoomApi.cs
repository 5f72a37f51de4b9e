using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Rooms;
using ChatRoom.Wire;
using Microsoft.Extensions.Options;

namespace ChatRoom.Endpoints;

/// <summary>
/// The rooms' HTTP API: the rooms there are, one room's state, and server notices (<see cref="NoticeApi"/>).
/// </summary>
internal static class RoomApi
{
    public static void MapRoomApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet("/room", (RoomDirectory rooms, IOptions<ChatOptions> options) =>
            Summary(rooms.Default.Room, options.Value));
        api.MapGet("/rooms", async (IRoomList list, CancellationToken cancellationToken) =>
        {
            var listed = await list.ListAsync(cancellationToken);
            return Results.Ok(new RoomsSummary(listed.Rooms, listed.Total));
        });
        api.MapGet("/rooms/{room}", (string room, RoomDirectory rooms, IOptions<ChatOptions> options) =>
            Parse(room, out var name) ?? (rooms.Find(name) is { } open
                ? Summary(open.Room, options.Value)
                : UpgradeRules.NoSuchRoom(name)));
        NoticeApi.Map(api);
        api.MapPost("/rooms/{room}/moderation", ModerationApi.PostAsync);
    }

    /// <summary>400 with the reason for a name that is not a room name; null for one that is.</summary>
    public static IResult? Parse(string raw, out RoomName name) =>
        RoomName.TryParse(raw, out name, out var problem)
            ? null
            : Results.Text($"bad room name: {problem}\n", statusCode: StatusCodes.Status400BadRequest);

    public static ServiceUnavailable Unavailable() => new("chat unavailable, try again later");

    private static IResult Summary(Room room, ChatOptions options)
    {
        if (!room.IsAvailable)
        {
            return Unavailable();
        }

        var roster = room.Roster;
        return Results.Ok(
            new RoomSummary(roster.Online, roster.Listed, room.State.MessageCount, options.MaxMembers,
                room.State.Epoch!, room.State.LastId)
            {
                Room = room.Name.Value,
            });
    }
}

/// <summary>
/// GET /api/room and /api/rooms/{room}: the count is exact; <see cref="Members"/> lists at most
/// <see cref="Roster.MaxListed"/> names.
/// </summary>
internal sealed record RoomSummary(int Online, IReadOnlyList<string> Members, long Messages, int MaxMembers,
    string Epoch, long Last)
{
    public string? Room { get; init; }
}

/// <summary>
/// GET /api/rooms: at most <see cref="IRoomList.MaxListed"/> rooms, most members first, and how many are open.
/// </summary>
internal sealed record RoomsSummary(IReadOnlyList<RoomCount> Rooms, int Total);
