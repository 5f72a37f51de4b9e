using System.Text;
using ChatRoom.Model;
using ChatRoom.Protocol;

namespace ChatRoom.Wire;

/// <summary>The plain-text format: one readable line per event, for wscat and scripts.</summary>
/// <remarks>
/// No member can forge a server line: server lines start with <c>***</c> and errors with
/// <c>!</c>, while a member's lines start with its name (letters, digits, space, <c>_-.</c>: never
/// <c>*</c> or <c>!</c>) as <c>name: text</c>, or <c>* name text</c> for an action, and every
/// continuation line of a member's text is indented. Bidi controls and zero-width characters are
/// left out of a member's text (<see cref="InvisibleFormatting"/>), so none can reorder the line.
/// </remarks>
internal static class PlainTextWire
{
    /// <summary>
    /// How every line from the server itself starts: joins, leaves, renames, notices, welcome, replies.
    /// </summary>
    public const string Server = "*** ";

    private static readonly string[] LineBreaks = ["\r\n", "\n", "\r", "\u2028", "\u2029"];

    private static ReadOnlySpan<byte> Separator => ", "u8;

    public static byte[] Encode(SequencedEvent sequenced) => Utf8(sequenced.Body switch
    {
        ChatMessage { IsAction: false } m => $"{m.From}: {MemberText(m.Text)}",
        ChatMessage m => $"* {m.From} {MemberText(m.Text)}",
        MemberJoined j => $"{Server}{j.Name} joined ({j.Online} online)",
        MemberLeft l => $"{Server}{l.Name} left ({l.Online} online)",
        MemberRenamed r => $"{Server}{r.From} is now {r.To}",
        Notice n => $"{Server}notice: {IndentContinuationLines(n.Text)}",
        Moderated m => $"{Server}{m.Target} was {Moderation(m)}",
        MessageDeleted => $"{Server}a message was removed",
        _ => throw new ArgumentOutOfRangeException(nameof(sequenced), sequenced.Body, "unknown room event"),
    });

    /// <summary>The history (as it was shown live), then one welcome line.</summary>
    public static IEnumerable<byte[]> EncodeWelcome(Welcome welcome)
    {
        foreach (var past in welcome.History)
        {
            yield return past.For(WireFormat.PlainText);
        }

        var where = welcome.InDefaultRoom ? "" : $" in {welcome.Room}";
        yield return NameLine(
            $"{Server}welcome, {welcome.You}: {welcome.Online} online{where} (", welcome.Members, welcome.Online,
            "). /help lists commands");
    }

    public static byte[] Encode(DirectReply reply) => reply switch
    {
        MemberList list => NameLine($"{Server}{list.Online} online: ", list.Members, list.Online, ""),
        RoomList list => Utf8($"{Server}rooms: {Rooms(list)}"),
        Presence presence => Utf8($"{Server}{presence.Online} online"),
        ServerNotice notice => Utf8($"{Server}notice: {IndentContinuationLines(notice.Text)}"),
        HelpText help => Utf8($"{Server}{help.Text}"),
        ErrorReply error => Utf8($"! {error.Message}"),
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply, "use EncodeWelcome for a welcome"),
    };

    private static string Moderation(Moderated m) => m.Action switch
    {
        ModerationAction.Kick => $"kicked by {m.By}",
        ModerationAction.Mute => $"muted by {m.By} for {Minutes(m.Minutes)}",
        ModerationAction.Ban => $"banned by {m.By} for {Minutes(m.Minutes)}",
        _ => $"unbanned by {m.By}",
    };

    private static string Minutes(int minutes) => minutes == 1 ? "1 minute" : $"{minutes} minutes";

    /// <summary>
    /// Indents every continuation line by two spaces, so a multi-line message can never start a
    /// line of its own that looks like a server line (<c>*** …</c>) or an error (<c>! …</c>).
    /// Unicode's line and paragraph separators count as line breaks: some terminals show them so.
    /// </summary>
    public static string IndentContinuationLines(string text) =>
        text.AsSpan().IndexOfAny("\r\n\u2028\u2029") < 0
            ? text
            : string.Join("\n  ", text.Split(LineBreaks, StringSplitOptions.None));

    /// <summary>
    /// What a member wrote, as it may show in a terminal: nothing reordered, every line after the first indented.
    /// </summary>
    private static string MemberText(string text) => IndentContinuationLines(InvisibleFormatting.Strip(text));

    /// <summary>
    /// <paramref name="prefix"/>, the listed names and how many more are online, then
    /// <paramref name="suffix"/>, written as UTF-8 straight into the frame: every joiner's welcome
    /// lists up to 100 names, and the strings a join would build first are several KB of garbage.
    /// </summary>
    private static byte[] NameLine(string prefix, IReadOnlyList<string> listed, int online, string suffix)
    {
        var unlisted = online - listed.Count;
        var more = unlisted > 0 ? $" and {unlisted} more" : "";
        var utf8 = Encoding.UTF8;
        var length = utf8.GetByteCount(prefix) + utf8.GetByteCount(more) + utf8.GetByteCount(suffix)
            + Separator.Length * Math.Max(0, listed.Count - 1);
        for (var i = 0; i < listed.Count; i++)
        {
            length += utf8.GetByteCount(listed[i]);
        }

        var line = new byte[length];
        var at = utf8.GetBytes(prefix, line);
        for (var i = 0; i < listed.Count; i++)
        {
            if (i > 0)
            {
                Separator.CopyTo(line.AsSpan(at));
                at += Separator.Length;
            }

            at += utf8.GetBytes(listed[i], line.AsSpan(at));
        }

        at += utf8.GetBytes(more, line.AsSpan(at));
        utf8.GetBytes(suffix, line.AsSpan(at));
        return line;
    }

    private static string Rooms(RoomList list)
    {
        var unlisted = list.Total - list.Rooms.Count;
        return string.Join(", ", list.Rooms.Select(room => $"{room.Name} ({room.Online})"))
            + (unlisted > 0 ? $" and {unlisted} more" : "");
    }

    private static byte[] Utf8(string line) => Encoding.UTF8.GetBytes(line);
}
