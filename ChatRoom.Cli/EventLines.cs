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

/// <summary>
/// A line for the terminal: the time, then the text as it came (<see cref="LineLayout"/> makes it safe to show).
/// </summary>
public sealed record TerminalLine(string Text, LineKind Kind);

/// <summary>
/// Turns the client's events into terminal lines, in the plain-text format's shapes with the time in
/// front: what only the server (or this client) can say starts with <c>***</c>, or <c>!</c> for an
/// error; a member's text comes after <c>name: </c> or <c>* name </c>, and a name never starts
/// with <c>*</c> or <c>!</c>. Together with <see cref="LineLayout"/>, which never lets text start a
/// row, no member can write a line that reads as the server's, in colour or without.
/// </summary>
public sealed class EventLines
{
    private const string Server = "*** ";
    private const string Error = "! ";

    // Each room's epoch as last shown, so a Reset can say whether the server restarted.
    private readonly Dictionary<string, string?> _epochs = new(StringComparer.Ordinal);
    private bool _welcomed;
    private string? _room;

    /// <summary>The line for <paramref name="e"/>, or null for none.</summary>
    /// <param name="now">The time for status lines, which carry no server time of their own.</param>
    public TerminalLine? For(ChatEvent e, DateTimeOffset now) => e switch
    {
        MessageEvent { IsAction: true } m => Line(m, $"* {m.From} {m.Text}", LineKind.Action),
        MessageEvent m => Line(m, $"{m.From}: {m.Text}", LineKind.Message),
        JoinEvent j => Line(j, $"{Server}{j.Name} joined ({j.Online} online)", LineKind.Join),
        LeaveEvent l => Line(l, $"{Server}{l.Name} left ({l.Online} online)", LineKind.Leave),
        RenameEvent r => Line(r, $"{Server}{r.From} is now {r.To}", LineKind.Join),
        NoticeEvent n => Line(n, $"{Server}notice: {n.Text}", LineKind.Notice),
        ModerationEvent m => Line(m, $"{Server}{m.Target} was {Moderated(m)}", LineKind.Notice),
        DeleteEvent d => Line(d, $"{Server}a message was removed", LineKind.Notice),
        PresenceEvent p => Status(now, $"{Server}{p.Online} online", LineKind.Reply),
        MembersEvent m => Status(
            now,
            $"{Server}{m.Online} online: {string.Join(", ", m.Members)}"
                + (m.Online > m.Members.Count ? $" and {m.Online - m.Members.Count} more" : ""),
            LineKind.Reply),
        RoomsEvent r => Status(
            now,
            $"{Server}rooms: {string.Join(", ", r.Rooms.Select(room => $"{room.Name} ({room.Online})"))}"
                + (r.Total > r.Rooms.Count ? $" and {r.Total - r.Rooms.Count} more" : ""),
            LineKind.Reply),
        HelpEvent h => Status(now, $"{Server}{h.Text}; {JoinCommand.Help}", LineKind.Reply),
        ErrorEvent error => Status(now, $"{Error}{error.Message}", LineKind.Error),
        Connected c => Welcomed(now, c.Welcome, ConnectedWhat(c.Welcome)),
        Reconnecting r =>
            Status(now, $"{Server}reconnecting in {r.Delay.TotalSeconds:0.#} s… ({r.Reason})", LineKind.Status),
        Resumed r => Welcomed(now, r.Welcome, Back(r.Welcome, $"resumed: {r.Missed} missed", $"{r.Missed} missed")),
        Reset r => Welcomed(now, r.Welcome, Back(r.Welcome, ResetReason(r.Welcome), ResetReason(r.Welcome))),
        SessionEnded ended => Status(now, $"{Server}disconnected: {ended.Reason}", LineKind.Error),
        _ => null,
    };

    /// <summary>The welcome <paramref name="e"/> reports, when it reports one: a room (re)entered.</summary>
    public static RoomWelcome? WelcomeIn(ChatEvent e) => e switch
    {
        Connected c => c.Welcome,
        Resumed r => r.Welcome,
        Reset r => r.Welcome,
        _ => null,
    };

    /// <summary>A line of this client's own, such as the answer to <c>/join</c> the room one is in.</summary>
    public static TerminalLine Note(string text, DateTimeOffset now) => Status(now, $"{Server}{text}", LineKind.Status);

    /// <summary>The line for the member's own message once the server acked it (the server does not echo it).</summary>
    public static TerminalLine Own(string name, string text, DateTimeOffset now)
    {
        var typed = text.Trim();
        var shown = typed.StartsWith("/me ", StringComparison.OrdinalIgnoreCase)
            ? $"* {name} {typed[4..].Trim()}"
            : $"{name}: {(typed.StartsWith("//", StringComparison.Ordinal) ? typed[1..] : typed)}";
        return new TerminalLine($"{Clock(now)} {shown}", LineKind.Own);
    }

    public static TerminalLine Failure(string text, DateTimeOffset now) =>
        new($"{Clock(now)} {Error}{text}", LineKind.Error);

    private TerminalLine Welcomed(DateTimeOffset now, RoomWelcome welcome, string what)
    {
        (_welcomed, _room) = (true, welcome.Room);
        _epochs[welcome.Room ?? ""] = welcome.Epoch;
        var members = string.Join(", ", welcome.Members);
        return Status(now, $"{Server}{what}: {welcome.Online} online ({members}). /help lists commands",
            LineKind.Status);
    }

    /// <summary>The session's first room, or one entered with <c>/join</c>.</summary>
    private string ConnectedWhat(RoomWelcome welcome) =>
        welcome.Room is not { } room ? $"connected as {welcome.You}"
        : _welcomed ? $"joined {room} as {welcome.You}"
        : $"connected as {welcome.You} in {room}";

    /// <summary>A reconnect to the same room says <paramref name="same"/>; coming back from another room says which.</summary>
    private string Back(RoomWelcome welcome, string same, string other) =>
        welcome.Room is { } room && room != _room ? $"back in {room} ({other})" : same;

    /// <summary>
    /// The same epoch means the events were dropped from the server's window; a server without epochs cannot
    /// say, and a restart is likelier.
    /// </summary>
    private string ResetReason(RoomWelcome welcome) =>
        welcome.Epoch is not null && welcome.Epoch == _epochs.GetValueOrDefault(welcome.Room ?? "")
            ? "missed too much: history reloaded"
            : "server restarted: history reloaded";

    private static string Moderated(ModerationEvent m) => m.Action switch
    {
        "kick" => $"kicked by {m.By}",
        "mute" => $"muted by {m.By} for {Minutes(m.Minutes)}",
        "ban" => $"banned by {m.By} for {Minutes(m.Minutes)}",
        "unban" => $"unbanned by {m.By}",
        var other => $"{other} by {m.By}",
    };

    private static string Minutes(int? minutes) => minutes == 1 ? "1 minute" : $"{minutes} minutes";

    private static TerminalLine Line(RoomEvent e, string text, LineKind kind) =>
        new($"{Clock(e.Timestamp)} {text}", kind);

    private static TerminalLine Status(DateTimeOffset now, string text, LineKind kind) =>
        new($"{Clock(now)} {text}", kind);

    private static string Clock(DateTimeOffset time) => time.ToLocalTime().ToString("HH:mm:ss");
}
