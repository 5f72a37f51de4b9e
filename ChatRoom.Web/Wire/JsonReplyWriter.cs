using System.Text.Json;

namespace ChatRoom.Wire;

/// <summary>
/// The JSON replies that go to one member only (welcome, members, rooms, presence, notice, help,
/// error), apart from the room events every member gets (<see cref="JsonWire"/>): they change with
/// the commands, the events with the log, and neither needs to be read to change the other.
/// <see cref="JsonWire.Encode(DirectReply)"/> gives them the per-thread writer.
/// </summary>
internal static class JsonReplyWriter
{
    public static void Write(Utf8JsonWriter writer, DirectReply reply)
    {
        writer.WriteStartObject();
        switch (reply)
        {
            case Welcome welcome:
                writer.WriteString("type", "welcome");
                if (welcome.Room.Length > 0)
                {
                    writer.WriteString("room", welcome.Room);
                }

                writer.WriteString("you", welcome.You);
                JsonWire.WriteVerified(writer, welcome.Verified);
                writer.WriteNumber("online", welcome.Online);
                WriteNames(writer, "members", welcome.Members);
                writer.WriteStartArray("history");
                foreach (var past in welcome.History)
                {
                    writer.WriteRawValue(past.For(WireFormat.Json), skipInputValidation: true);
                }

                writer.WriteEndArray();
                writer.WriteNumber("maxMessageBytes", welcome.MaxMessageBytes);
                writer.WriteString("epoch", welcome.Epoch);
                writer.WriteNumber("last", welcome.Last);
                if (welcome.Moderator)
                {
                    writer.WriteBoolean("moderator", true);
                }

                if (welcome.Resumed is { } resumed)
                {
                    writer.WriteBoolean("resumed", resumed);
                    if (resumed)
                    {
                        writer.WriteNumber("missed", welcome.History.Count);
                    }
                }

                break;
            case MemberList list:
                writer.WriteString("type", "members");
                WriteNames(writer, "members", list.Members);
                writer.WriteNumber("online", list.Online);
                break;
            case RoomList list:
                writer.WriteString("type", "rooms");
                writer.WriteStartArray("rooms");
                foreach (var room in list.Rooms)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", room.Name);
                    writer.WriteNumber("online", room.Online);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteNumber("total", list.Total);
                break;
            case Presence presence:
                writer.WriteString("type", "presence");
                writer.WriteNumber("online", presence.Online);
                break;
            case ServerNotice notice:
                writer.WriteString("type", "notice");
                writer.WriteString("text", notice.Text);
                break;
            case HelpText help:
                writer.WriteString("type", "help");
                writer.WriteString("text", help.Text);
                break;
            case ErrorReply error:
                writer.WriteString("type", "error");
                writer.WriteString("code", error.Code);
                writer.WriteString("message", error.Message);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(reply), reply, "unknown reply");
        }

        writer.WriteEndObject();
    }

    private static void WriteNames(Utf8JsonWriter writer, string property, IReadOnlyList<string> names)
    {
        writer.WriteStartArray(property);
        foreach (var name in names)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
    }
}
