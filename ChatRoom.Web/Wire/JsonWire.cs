using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ChatRoom.Model;
using ChatRoom.Protocol;

namespace ChatRoom.Wire;

/// <summary>
/// The JSON format (subprotocol <c>chatroom.v1.json</c>): one camelCase object per frame, <c>type</c> first.
/// The room events and acks are written here, the replies to one member by <see cref="JsonReplyWriter"/>;
/// all of them go through this thread's one writer.
/// </summary>
internal static class JsonWire
{
    // Plain UTF-8: an escaped emoji or CJK character would cost two to three times its bytes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = MinimalJsonEncoder.Instance };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] Encode(SequencedEvent sequenced) =>
        Write(sequenced, static (writer, e) => WriteEvent(writer, e));

    public static byte[] EncodeAck(SequencedEvent sequenced) => Write(sequenced, static (writer, e) =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", "ack");
        writer.WriteNumber("id", e.Id);
        writer.WriteString("ts", FormatTimestamp(e.Timestamp));
        writer.WriteEndObject();
    });

    public static byte[] Encode(DirectReply reply)
    {
        if (reply is Welcome welcome)
        {
            // Encode history entries first: their lazy encoding uses this thread's writer too.
            foreach (var past in welcome.History)
            {
                _ = past.For(WireFormat.Json);
            }
        }

        return Write(reply, static (writer, r) => JsonReplyWriter.Write(writer, r));
    }

    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteEvent(Utf8JsonWriter writer, SequencedEvent sequenced)
    {
        writer.WriteStartObject();
        switch (sequenced.Body)
        {
            case ChatMessage message:
                writer.WriteString("type", "message");
                writer.WriteNumber("id", sequenced.Id);
                writer.WriteString("from", message.From);
                writer.WriteString("text", message.Text);
                if (message.IsAction)
                {
                    writer.WriteBoolean("action", true);
                }

                WriteVerified(writer, message.Verified);
                break;
            case MemberJoined joined:
                writer.WriteString("type", "join");
                writer.WriteNumber("id", sequenced.Id);
                writer.WriteString("name", joined.Name);
                writer.WriteNumber("online", joined.Online);
                WriteVerified(writer, joined.Verified);
                break;
            case MemberLeft left:
                writer.WriteString("type", "leave");
                writer.WriteNumber("id", sequenced.Id);
                writer.WriteString("name", left.Name);
                writer.WriteNumber("online", left.Online);
                WriteVerified(writer, left.Verified);
                break;
            case MemberRenamed renamed:
                writer.WriteString("type", "rename");
                writer.WriteNumber("id", sequenced.Id);
                writer.WriteString("from", renamed.From);
                writer.WriteString("to", renamed.To);
                break;
            case Notice notice:
                writer.WriteString("type", "notice");
                writer.WriteNumber("id", sequenced.Id);
                writer.WriteString("text", notice.Text);
                break;
            case Moderated moderated:
                writer.WriteString("type", "moderation");
                writer.WriteNumber("id", sequenced.Id);
                writer.WriteString("action", moderated.Action.Word());
                writer.WriteString("target", moderated.Target);
                writer.WriteString("by", moderated.By);
                if (moderated.Action.IsTimed())
                {
                    writer.WriteNumber("minutes", moderated.Minutes);
                }

                break;
            case MessageDeleted deleted:
                writer.WriteString("type", "delete");
                writer.WriteNumber("id", sequenced.Id);
                writer.WriteNumber("target", deleted.Target);
                writer.WriteString("by", deleted.By);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(sequenced), sequenced.Body, "unknown room event");
        }

        writer.WriteString("ts", FormatTimestamp(sequenced.Timestamp));
        writer.WriteEndObject();
    }

    /// <summary>Only when true: an anonymous member's events are as they always were.</summary>
    public static void WriteVerified(Utf8JsonWriter writer, bool verified)
    {
        if (verified)
        {
            writer.WriteBoolean("verified", true);
        }
    }

    /// <summary>Writes with a per-thread buffer and writer, so encoding allocates only the result.</summary>
    private static byte[] Write<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        write(writer, value);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
