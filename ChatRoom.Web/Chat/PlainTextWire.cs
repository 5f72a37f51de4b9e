using System.Text;

namespace ChatRoom.Chat;

/// <summary>The plain-text format: one readable line per event, for wscat and scripts.</summary>
public static class PlainTextWire
{
    public static byte[] Encode(SequencedEvent sequenced) => Utf8(sequenced.Body switch
    {
        ChatMessage { IsAction: false } m => $"{m.From}: {IndentContinuationLines(m.Text)}",
        ChatMessage m => $"* {m.From} {IndentContinuationLines(m.Text)}",
        MemberJoined j => $"* {j.Name} joined ({j.Online} online)",
        MemberLeft l => $"* {l.Name} left ({l.Online} online)",
        MemberRenamed r => $"* {r.From} is now {r.To}",
        Notice n => $"* notice: {IndentContinuationLines(n.Text)}",
        _ => throw new ArgumentOutOfRangeException(nameof(sequenced), sequenced.Body, "unknown room event"),
    });

    /// <summary>The history (as it was shown live), then one welcome line.</summary>
    public static IEnumerable<byte[]> EncodeWelcome(Welcome welcome)
    {
        foreach (var past in welcome.History)
        {
            yield return past.PlainText;
        }

        yield return Utf8($"* welcome, {welcome.You}: {welcome.Online} online ({Names(welcome.Members, welcome.Online)}). /help lists commands");
    }

    public static byte[] Encode(DirectReply reply) => Utf8(reply switch
    {
        MemberList list => $"* {list.Online} online: {Names(list.Members, list.Online)}",
        Presence presence => $"* {presence.Online} online",
        ServerNotice notice => $"* notice: {notice.Text}",
        HelpText help => $"* {help.Text}",
        ErrorReply error => $"! {error.Message}",
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply, "use EncodeWelcome for a welcome"),
    });

    /// <summary>
    /// Indents every continuation line by two spaces, so a multi-line message can never start a
    /// line of its own that looks like a server line (<c>* …</c>) or an error (<c>! …</c>).
    /// </summary>
    public static string IndentContinuationLines(string text) =>
        text.Contains('\n') ? text.Replace("\n", "\n  ", StringComparison.Ordinal) : text;

    private static string Names(IReadOnlyList<string> listed, int online)
    {
        var unlisted = online - listed.Count;
        return string.Join(", ", listed) + (unlisted > 0 ? $" and {unlisted} more" : "");
    }

    private static byte[] Utf8(string line) => Encoding.UTF8.GetBytes(line);
}
