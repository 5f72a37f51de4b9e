using ChatRoom.Client;

namespace ChatRoom.Cli;

/// <summary>What kind of line, for its colour.</summary>
public enum LineKind
{
    Message,
    Own,
    Action,
    Join,
    Leave,
    Notice,
    Reply,
    Status,
    Error,
}

/// <summary>A line for the terminal: the time, then the text.</summary>
public sealed record TerminalLine(string Text, LineKind Kind);

/// <summary>
/// Turns the client's events into terminal lines, in the plain-text format's shapes
/// (<c>bob: hi</c>, <c>* carol joined</c>, <c>! error</c>) with the time in front.
/// </summary>
public sealed class EventLines
{
    private string? _epoch;

    /// <summary>The line for <paramref name="e"/>, or null for none.</summary>
    /// <param name="now">The time for status lines, which carry no server time of their own.</param>
    public TerminalLine? For(ChatEvent e, DateTimeOffset now) => e switch
    {
        MessageEvent { IsAction: true } m => Line(m, $"* {m.From} {Indent(m.Text)}", LineKind.Action),
        MessageEvent m => Line(m, $"{m.From}: {Indent(m.Text)}", LineKind.Message),
        JoinEvent j => Line(j, $"* {j.Name} joined ({j.Online} online)", LineKind.Join),
        LeaveEvent l => Line(l, $"* {l.Name} left ({l.Online} online)", LineKind.Leave),
        RenameEvent r => Line(r, $"* {r.From} is now {r.To}", LineKind.Join),
        NoticeEvent n => Line(n, $"* notice: {Indent(n.Text)}", LineKind.Notice),
        PresenceEvent p => Status(now, $"* {p.Online} online", LineKind.Reply),
        MembersEvent m => Status(now, $"* {m.Online} online: {string.Join(", ", m.Members)}{(m.Online > m.Members.Count ? $" and {m.Online - m.Members.Count} more" : "")}", LineKind.Reply),
        HelpEvent h => Status(now, $"* {h.Text}", LineKind.Reply),
        ErrorEvent error => Status(now, $"! {error.Message}", LineKind.Error),
        Connected c => Welcomed(now, c.Welcome, $"connected as {c.Welcome.You}"),
        Reconnecting r => Status(now, $"reconnecting in {r.Delay.TotalSeconds:0.#} s… ({r.Reason})", LineKind.Status),
        Resumed r => Welcomed(now, r.Welcome, $"resumed: {r.Missed} missed"),
        Reset r => Welcomed(now, r.Welcome, ResetReason(r.Welcome.Epoch)),
        SessionEnded ended => Status(now, $"disconnected: {ended.Reason}", LineKind.Error),
        _ => null,
    };

    /// <summary>The line for the member's own message once the server acked it (the server does not echo it).</summary>
    public static TerminalLine Own(string name, string text, DateTimeOffset now)
    {
        var typed = text.Trim();
        var shown = typed.StartsWith("/me ", StringComparison.OrdinalIgnoreCase)
            ? $"* {name} {typed[4..].Trim()}"
            : $"{name}: {Indent(typed.StartsWith("//", StringComparison.Ordinal) ? typed[1..] : typed)}";
        return new TerminalLine($"{Clock(now)} {shown}", LineKind.Own);
    }

    public static TerminalLine Failure(string text, DateTimeOffset now) => new($"{Clock(now)} ! {text}", LineKind.Error);

    private TerminalLine Welcomed(DateTimeOffset now, RoomWelcome welcome, string what)
    {
        _epoch = welcome.Epoch;
        var members = string.Join(", ", welcome.Members);
        return Status(now, $"{what}: {welcome.Online} online ({members}). /help lists commands", LineKind.Status);
    }

    /// <summary>The same epoch means the events were dropped from the server's window; a server without epochs cannot say, and a restart is likelier.</summary>
    private string ResetReason(string? epoch) =>
        epoch is not null && epoch == _epoch ? "missed too much: history reloaded" : "server restarted: history reloaded";

    private static TerminalLine Line(RoomEvent e, string text, LineKind kind) => new($"{Clock(e.Timestamp)} {text}", kind);

    private static TerminalLine Status(DateTimeOffset now, string text, LineKind kind) => new($"{Clock(now)} {text}", kind);

    private static string Clock(DateTimeOffset time) => time.ToLocalTime().ToString("HH:mm:ss");

    // As the plain-text format does: continuation lines are indented, so none can pass for a * or ! line.
    private static string Indent(string text) => text.Replace("\n", "\n           ", StringComparison.Ordinal);
}
