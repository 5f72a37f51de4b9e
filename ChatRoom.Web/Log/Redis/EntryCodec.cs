using System.Globalization;
using System.Text.Json;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Protocol;

namespace ChatRoom.Log.Redis;

/// <summary>
/// An entry as the scripts write it to the stream and the channel: a JSON array of strings,
/// <c>[epoch, position, id, unix ms, kind, a, b, c, member, append key, verified, ban key]</c>, where a/b/c
/// are the kind's fields (m: from, text, action; j and l: name, -, online; r: from, to; n: text; K,
/// M, B, U: a kick, mute, ban, unban's target, by, minutes; d: the deleted message's id, by) and
/// verified is "1" when the member concerned is signed in (absent in entries written before sign-in),
/// and ban key is the key a ban holds (empty for every other kind; absent in entries written before).
/// </summary>
internal static class EntryCodec
{
    private const int Fields = 12;
    private const int FieldsBeforeBanKey = 11;
    private const int FieldsBeforeSignIn = 10;

    /// <exception cref="FormatException">Not an entry this version writes.</exception>
    public static DecodedEntry Decode(ReadOnlySpan<byte> payload)
    {
        var fields = new string[Fields];
        var reader = new Utf8JsonReader(payload);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException("a log entry is a JSON array");
        }

        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.String && count < Fields)
        {
            fields[count++] = reader.GetString()!;
        }

        if (count is not (Fields or FieldsBeforeBanKey or FieldsBeforeSignIn))
        {
            throw new FormatException($"a log entry has {Fields} fields, not {count}");
        }

        var verified = fields[10] == "1";

        var position = Number(fields[1]);
        var id = Number(fields[2]);
        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(Number(fields[3]));
        RoomEvent change = fields[4] switch
        {
            "m" => new ChatMessage(fields[5], fields[6], fields[7] == "1", verified),
            "j" => new MemberJoined(fields[5], (int)Number(fields[7]), verified),
            "l" => new MemberLeft(fields[5], (int)Number(fields[7]), verified),
            "r" => new MemberRenamed(fields[5], fields[6]),
            "n" => new Notice(fields[5]),
            "K" => new Moderated(ModerationAction.Kick, fields[5], fields[6], (int)Number(fields[7])),
            "M" => new Moderated(ModerationAction.Mute, fields[5], fields[6], (int)Number(fields[7])),
            "B" => new Moderated(ModerationAction.Ban, fields[5], fields[6], (int)Number(fields[7]), fields[11] ?? ""),
            "U" => new Moderated(ModerationAction.Unban, fields[5], fields[6], (int)Number(fields[7])),
            "d" => new MessageDeleted(Number(fields[5]), fields[6]),
            var kind => throw new FormatException($"unknown entry kind {kind}"),
        };
        var entry = new LogEntry(position, id, timestamp, change, fields[8].Length > 0 ? Member(fields[8]) : null);
        return new DecodedEntry(fields[0], entry, fields[9]);
    }

    /// <summary>A member as the scripts key it: <c>instance:id</c>.</summary>
    public static string Key(MemberKey member) => member.ToString();

    /// <summary>The member <see cref="Key"/> wrote.</summary>
    public static MemberKey Member(string key)
    {
        var colon = key.LastIndexOf(':');
        return colon <= 0
            ? throw new FormatException($"bad member key {key}")
            : new MemberKey(key[..colon], Number(key[(colon + 1)..]));
    }

    private static long Number(string text) => long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}

/// <summary>An entry with what only the log needs: its room's epoch and the key it was appended with.</summary>
internal readonly record struct DecodedEntry(string Epoch, LogEntry Entry, string AppendKey);
