using System.Globalization;
using System.Text.Json;
using ChatRoom.Protocol;

namespace ChatRoom.Client.Protocol;

/// <summary>Reads the JSON format (subprotocol <c>chatroom.v1.json</c>) that docs/protocol.md defines.</summary>
internal static class JsonFrames
{
    /// <summary>The frame, or null for a type this client does not know (a newer server's).</summary>
    public static ServerFrame? Parse(ReadOnlyMemory<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        var root = document.RootElement;
        return root.GetProperty("type").GetString() switch
        {
            FrameType.Welcome => ReadWelcome(root),
            FrameType.Ack => new AckFrame(root.GetProperty("id").GetInt64()),
            FrameType.Presence => new EventFrame(new PresenceEvent(root.GetProperty("online").GetInt32())),
            FrameType.Members => new EventFrame(ReadMembers(root)),
            FrameType.Rooms => new EventFrame(ReadRooms(root)),
            FrameType.Help => new EventFrame(new HelpEvent(Text(root, "text"))),
            FrameType.Error => new EventFrame(new ErrorEvent(Text(root, "code"), Text(root, "message"))),
            _ => ReadRoomEvent(root) is { } roomEvent ? new EventFrame(roomEvent) : null,
        };
    }

    private static WelcomeFrame ReadWelcome(JsonElement root)
    {
        var history = new List<RoomEvent>();
        foreach (var past in root.GetProperty("history").EnumerateArray())
        {
            if (ReadRoomEvent(past) is { } roomEvent)
            {
                history.Add(roomEvent);
            }
        }

        // A server without resume sends neither epoch nor last: the newest id it showed stands in.
        var last = root.TryGetProperty("last", out var lastElement)
            ? lastElement.GetInt64()
            : history.Select(e => e.Id).DefaultIfEmpty(0).Max();
        var welcome = new RoomWelcome(
            Text(root, "you"),
            root.TryGetProperty("online", out var online) ? online.GetInt32() : 0,
            ReadNames(root.GetProperty("members")),
            root.TryGetProperty("epoch", out var epoch) ? epoch.GetString() : null,
            last,
            root.GetProperty("maxMessageBytes").GetInt32(),
            root.TryGetProperty("room", out var room) ? room.GetString() : null);
        bool? resumed = root.TryGetProperty("resumed", out var resumedElement) ? resumedElement.GetBoolean() : null;
        return new WelcomeFrame(welcome, history, resumed);
    }

    private static MembersEvent ReadMembers(JsonElement root)
    {
        var names = ReadNames(root.GetProperty("members"));
        return new MembersEvent(names,
            root.TryGetProperty("online", out var online) ? online.GetInt32() : names.Length);
    }

    private static RoomsEvent ReadRooms(JsonElement root)
    {
        RoomCount[] rooms =
        [
            .. root.GetProperty("rooms").EnumerateArray()
                .Select(room => new RoomCount(Text(room, "name"), room.GetProperty("online").GetInt32())),
        ];
        return new RoomsEvent(rooms, root.TryGetProperty("total", out var total) ? total.GetInt32() : rooms.Length);
    }

    private static RoomEvent? ReadRoomEvent(JsonElement e)
    {
        var type = e.GetProperty("type").GetString();
        if (type is not (FrameType.Message or FrameType.Join or FrameType.Leave or FrameType.Rename
            or FrameType.Notice or FrameType.Moderation or FrameType.Delete))
        {
            return null;
        }

        // A notice to this member alone (its instance shutting down) has neither id nor ts.
        var id = e.TryGetProperty("id", out var idElement) ? idElement.GetInt64() : 0;
        var ts = e.TryGetProperty("ts", out var tsElement)
            ? DateTimeOffset.Parse(tsElement.GetString() ?? "", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal)
            : DateTimeOffset.UtcNow;
        return type switch
        {
            FrameType.Message => new MessageEvent(
                id, ts, Text(e, "from"), Text(e, "text"),
                e.TryGetProperty("action", out var action) && action.GetBoolean()),
            FrameType.Join => new JoinEvent(id, ts, Text(e, "name"), e.GetProperty("online").GetInt32()),
            FrameType.Leave => new LeaveEvent(id, ts, Text(e, "name"), e.GetProperty("online").GetInt32()),
            FrameType.Rename => new RenameEvent(id, ts, Text(e, "from"), Text(e, "to")),
            FrameType.Moderation => new ModerationEvent(id, ts, Text(e, "action"), Text(e, "target"), Text(e, "by"),
                e.TryGetProperty("minutes", out var minutes) ? minutes.GetInt32() : null),
            FrameType.Delete => new DeleteEvent(id, ts, e.GetProperty("target").GetInt64(),
                e.TryGetProperty("by", out var by) ? by.GetString() ?? "" : ""),
            _ => new NoticeEvent(id, ts, Text(e, "text")),
        };
    }

    private static string Text(JsonElement e, string property) => e.GetProperty(property).GetString() ?? "";

    private static string[] ReadNames(JsonElement array) =>
        [.. array.EnumerateArray().Select(name => name.GetString() ?? "")];
}
