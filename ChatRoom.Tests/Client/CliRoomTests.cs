using ChatRoom.Cli;
using ChatRoom.Client;

namespace ChatRoom.Tests.Client;

/// <summary>The CLI's rooms without a server: <c>--room</c>, <c>/join</c>, and lines that say which room one is in.</summary>
public sealed class CliRoomTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_room_comes_from_room_or_from_the_pages_address()
    {
        Assert.Equal("games", CliArguments.Parse(["--room", "games", "--name", "alice"], null, null, out _)!.Room);
        Assert.Equal("games", CliArguments.Parse(["-r", "games"], null, null, out _)!.Room);

        // The page's shareable address: the library keeps its room= when no --room overrides it.
        var page = CliArguments.Parse(["http://chat.example:8080/?room=games"], null, null, out var error)!;
        Assert.Null(error);
        Assert.Equal((new Uri("ws://chat.example:8080/ws?room=games"), null), (page.Uri, page.Room));

        Assert.Null(CliArguments.Parse(["--room"], null, null, out error));
        Assert.Contains("--room", error, StringComparison.Ordinal);
        Assert.Contains("--room", CliArguments.Usage, StringComparison.Ordinal);
        Assert.Contains("/join ROOM", CliArguments.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/join games", true, "games")]
    [InlineData("  /JOIN   games  ", true, "games")]
    [InlineData("/join", true, "")]
    [InlineData("/join\tgames", true, "games")]
    [InlineData("/joined games", false, "")]
    [InlineData("//join games", false, "")]
    [InlineData("join games", false, "")]
    [InlineData("/jo\u0131n games", false, "")]
    public void Join_is_read_from_the_typed_line(string line, bool isJoin, string room)
    {
        Assert.Equal(isJoin, JoinCommand.TryRead(line, out var read));
        if (isJoin)
        {
            Assert.Equal(room, read);
        }
    }

    [Fact]
    public void Welcome_lines_name_the_room_entered_and_say_when_one_comes_back_to_a_room()
    {
        var lines = new EventLines();
        var general = new RoomWelcome("alice", 2, ["alice", "bob"], "g1", 5, 4096, "general");
        var games = new RoomWelcome("alice", 1, ["alice"], "x1", 9, 4096, "games");

        Assert.EndsWith("*** connected as alice in general: 2 online (alice, bob). /help lists commands", Text(lines, new Connected(general)), StringComparison.Ordinal);
        Assert.EndsWith("*** joined games as alice: 1 online (alice). /help lists commands", Text(lines, new Connected(games)), StringComparison.Ordinal);
        Assert.EndsWith("*** back in general (3 missed): 2 online (alice, bob). /help lists commands", Text(lines, new Resumed(general, 3)), StringComparison.Ordinal);
        Assert.Contains("*** resumed: 1 missed: ", Text(lines, new Resumed(general, 1)), StringComparison.Ordinal);

        // Each room's own epoch tells a restart from a resume window that ran out.
        Assert.Contains("*** back in games (missed too much: history reloaded): ", Text(lines, new Reset(games)), StringComparison.Ordinal);
        Assert.Contains("*** back in general (server restarted: history reloaded): ", Text(lines, new Reset(general with { Epoch = "g2" })), StringComparison.Ordinal);
        Assert.Equal(games, EventLines.WelcomeIn(new Resumed(games, 0)));
        Assert.Null(EventLines.WelcomeIn(new PresenceEvent(3)));
    }

    [Fact]
    public void The_rooms_reply_reads_like_the_plain_text_format_and_says_how_many_more_are_open()
    {
        var lines = new EventLines();

        Assert.Equal($"{ScreenRows.Clock(Now)} *** rooms: general (12), games (3)", Text(lines, new RoomsEvent([new("general", 12), new("games", 3)], 2)));
        Assert.EndsWith("*** rooms: general (12) and 4 more", Text(lines, new RoomsEvent([new("general", 12)], 5)), StringComparison.Ordinal);
        Assert.Equal([$"{ScreenRows.Clock(Now)} *** rooms: games (1)"], ScreenRows.Of(lines.For(new RoomsEvent([new("ga\u001b[2J\u202Emes", 1)], 1), Now)!).Select(row => row.Replace("[2J", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void Help_adds_the_command_the_terminal_answers_itself_and_its_notes_are_server_lines()
    {
        var lines = new EventLines();

        Assert.EndsWith("*** commands: /who; and here /join ROOM (move to another room)", Text(lines, new HelpEvent("commands: /who")), StringComparison.Ordinal);
        Assert.Matches(ScreenRows.ServerRow(), ScreenRows.Of(EventLines.Note("you are in general", Now))[0]);
    }

    [Fact]
    public void The_title_names_the_room_on_a_terminal_only_and_shows_nothing_hidden()
    {
        using var terminal = new StringWriter();
        new Terminal(terminal, colour: false, erasesEchoedInput: false, columns: () => 80).ShowRoom("ga\u001b]0;x\u0007mes\u202E");
        Assert.Equal("\u001b]2;chatroom: ga]0;xmes\u0007", terminal.ToString());

        using var redirected = new StringWriter();
        new Terminal(redirected, colour: false, erasesEchoedInput: false).ShowRoom("games");
        Assert.Equal("", redirected.ToString());
    }

    private static string Text(EventLines lines, ChatEvent e) => lines.For(e, Now)!.Text;
}
