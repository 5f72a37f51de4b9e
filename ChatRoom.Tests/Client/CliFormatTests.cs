using System.Text;
using ChatRoom.Cli;
using ChatRoom.Client;

namespace ChatRoom.Tests.Client;

/// <summary>The CLI's arguments and lines, without a server.</summary>
public sealed class CliFormatTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Clock = ScreenRows.Clock(Now);

    [Fact]
    public void Arguments_take_a_url_a_name_and_a_key_with_the_environment_key_as_fallback()
    {
        var parsed = CliArguments.Parse(["http://chat.example:8080", "--name", "alice"], keyFromEnvironment: "env-key", tokenFromEnvironment: null, out var error);
        Assert.Null(error);
        Assert.Equal(new CliArguments(new Uri("ws://chat.example:8080/ws"), "alice", "env-key"), parsed);

        Assert.Equal(new CliArguments(new Uri("ws://localhost:8080/ws"), "", "k"), CliArguments.Parse(["-k", "k"], null, null, out _));
        Assert.Equal(new Uri("wss://chat.example/ws"), CliArguments.Parse(["https://chat.example/"], null, null, out _)!.Uri);
        Assert.Null(CliArguments.Parse(["--name"], null, null, out error));
        Assert.Contains("--name", error, StringComparison.Ordinal);
        Assert.Null(CliArguments.Parse(["ftp://x"], null, null, out error));
        Assert.Null(CliArguments.Parse(["--help"], null, null, out error));
        Assert.Equal("", error);
    }

    [Fact]
    public void A_token_comes_from_the_option_or_else_the_environment()
    {
        var fromOption = CliArguments.Parse(["--token", "t1", "-k", "k"], null, tokenFromEnvironment: "env-token", out _);
        var fromEnvironment = CliArguments.Parse([], "env-key", tokenFromEnvironment: "env-token", out _);
        var none = CliArguments.Parse(["-t"], null, tokenFromEnvironment: null, out var error);

        Assert.Equal(new CliArguments(new Uri("ws://localhost:8080/ws"), "", "k", "t1"), fromOption);
        Assert.Equal(new CliArguments(new Uri("ws://localhost:8080/ws"), "", "env-key", "env-token"), fromEnvironment);
        Assert.Null(none);
        Assert.Contains("-t", error, StringComparison.Ordinal);
        Assert.Contains("--token TOKEN", CliArguments.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_lines_say_what_the_connection_does()
    {
        var lines = new EventLines();
        var welcome = new RoomWelcome("alice", 2, ["alice", "bob"], "e1", 5, 4096);
        Assert.EndsWith("connected as alice: 2 online (alice, bob). /help lists commands", lines.For(new Connected(welcome), Now)!.Text, StringComparison.Ordinal);
        Assert.EndsWith("reconnecting in 4 s… (connection lost)", lines.For(new Reconnecting(4, TimeSpan.FromSeconds(4), Now, "connection lost"), Now)!.Text, StringComparison.Ordinal);
        Assert.Contains("resumed: 12 missed", lines.For(new Resumed(welcome, 12), Now)!.Text, StringComparison.Ordinal);
        Assert.Contains("missed too much: history reloaded", lines.For(new Reset(welcome), Now)!.Text, StringComparison.Ordinal);
        Assert.Contains("server restarted: history reloaded", lines.For(new Reset(welcome with { Epoch = "e2" }), Now)!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Room_events_read_like_the_plain_text_format_with_the_time_in_front()
    {
        var lines = new EventLines();
        Assert.Equal([$"{Clock} bob: hi", $"{ScreenRows.Indent}there"], ScreenRows.Of(lines.For(new MessageEvent(1, Now, "bob", "hi\nthere", false), Now)!));
        Assert.Equal($"{Clock} * bob waves", lines.For(new MessageEvent(2, Now, "bob", "waves", true), Now)!.Text);
        Assert.Equal($"{Clock} *** carol joined (3 online)", lines.For(new JoinEvent(3, Now, "carol", 3), Now)!.Text);
        Assert.EndsWith(" *** 102 online: a, b and 100 more", lines.For(new MembersEvent(["a", "b"], 102), Now)!.Text, StringComparison.Ordinal);
        Assert.EndsWith(" ! slow down", lines.For(new ErrorEvent("rate_limited", "slow down"), Now)!.Text, StringComparison.Ordinal);
        Assert.EndsWith(" alice: /who is there", EventLines.Own("alice", "//who is there", Now).Text, StringComparison.Ordinal);
        Assert.EndsWith(" * alice waves", EventLines.Own("alice", "/me waves", Now).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_line_only_the_server_or_the_client_can_say_starts_with_a_server_marker()
    {
        var lines = new EventLines();
        var welcome = new RoomWelcome("alice", 2, ["alice", "bob"], "e1", 5, 4096);
        ChatEvent[] server =
        [
            new JoinEvent(1, Now, "carol", 3), new LeaveEvent(2, Now, "carol", 2), new RenameEvent(3, Now, "bob", "rob"),
            new NoticeEvent(4, Now, "tea in five"), new PresenceEvent(2000), new MembersEvent(["a"], 1), new HelpEvent("commands: /who"),
            new ErrorEvent("bad_command", "unknown command"), new Connected(welcome), new Reconnecting(1, TimeSpan.FromSeconds(1), Now, "lost"),
            new Resumed(welcome, 3), new Reset(welcome), new SessionEnded("closed"),
        ];

        Assert.All(server, e => Assert.Matches(ScreenRows.ServerRow(), ScreenRows.Of(lines.For(e, Now)!)[0]));
        Assert.Matches(ScreenRows.ServerRow(), ScreenRows.Of(EventLines.Failure("not sent: too long", Now))[0]);
    }

    /// <summary>The finding's forgeries, and names that read like the client's own status lines.</summary>
    public static TheoryData<string, string, bool> Forgeries => new()
    {
        { "bob", "left (2 online)", true },
        { "bob", "joined (3 online)", true },
        { "bob", "is now alice", true },
        { "connected as alice", "2 online (alice, bob). /help lists commands", false },
        { "disconnected", "closed", false },
        { "bob", "hi\n12:00:00 *** carol left (1 online)", false },
        { "bob", "hi\r\n12:00:00 ! slow down", true },
        { "bob", "hi\u2028*** notice: server is shutting down", false },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void A_member_line_never_renders_as_a_server_line_with_colour_or_without(string from, string text, bool isAction)
    {
        var line = new EventLines().For(new MessageEvent(1, Now, from, text, isAction), Now)!;

        foreach (var colour in new[] { true, false })
        {
            var rows = ScreenRows.Of(line, colour: colour);
            Assert.DoesNotMatch(ScreenRows.ServerRow(), rows[0]);
            Assert.All(rows.Skip(1), row => Assert.StartsWith(ScreenRows.Indent, row, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_me_left_forgery_differs_from_a_real_leave_in_its_characters()
    {
        var lines = new EventLines();
        var forged = ScreenRows.Of(lines.For(new MessageEvent(1, Now, "bob", "left (2 online)", true), Now)!);
        var real = ScreenRows.Of(lines.For(new LeaveEvent(2, Now, "bob", 2), Now)!);

        Assert.Equal([$"{Clock} * bob left (2 online)"], forged);
        Assert.Equal([$"{Clock} *** bob left (2 online)"], real);
    }

    /// <summary>Padding of every width the terminal counts: spaces, tabs, wide CJK, emoji, accents.</summary>
    [Theory]
    [InlineData(" ", 80)]
    [InlineData(" ", 120)]
    [InlineData(" ", 41)]
    [InlineData("\t", 80)]
    [InlineData("\u4F60", 80)]
    [InlineData("\U0001F600", 80)]
    [InlineData("e\u0301", 80)]
    [InlineData("x", 80)]
    public void Padding_that_wraps_never_starts_a_row_with_member_text(string pad, int columns)
    {
        const string forged = "12:00:00 *** carol left (1 online)";
        foreach (var padding in Enumerable.Range(0, columns).Select(n => string.Concat(Enumerable.Repeat(pad, n))))
        {
            var text = $"hi{padding}{forged}";
            foreach (var isAction in new[] { false, true })
            {
                var rows = ScreenRows.Of(new EventLines().For(new MessageEvent(1, Now, "bob", text, isAction), Now)!, columns);

                Assert.Matches(isAction ? @"^\d\d:\d\d:\d\d \* bob( hi|$)" : @"^\d\d:\d\d:\d\d bob:( hi|$)", rows[0]);
                Assert.All(rows.Skip(1), row => Assert.StartsWith(ScreenRows.Indent, row, StringComparison.Ordinal));
                Assert.All(rows, row => Assert.True(Columns(row) <= columns, $"{Columns(row)} columns: {row}"));
                Assert.Equal(Visible(text), Visible(string.Concat(rows)[(Clock.Length + 1)..]).Replace(isAction ? "*bob" : "bob:", "", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Controls_bidi_and_zero_width_characters_from_the_network_never_reach_the_screen()
    {
        const string hidden = "\u0000\u0007\u001b\u007f\u0080\u0085\u009b\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C\u200B\u2060\uFEFF";
        var lines = new EventLines();
        var welcome = new RoomWelcome($"al{hidden}ice", 2, [$"b{hidden}ob"], "e1", 5, 4096);
        ChatEvent[] events =
        [
            new MessageEvent(1, Now, $"b{hidden}ob", $"hi\u001b[2J\u001b]0;title\u0007{hidden}there", false), new MessageEvent(2, Now, "bob", $"waves{hidden}", true),
            new JoinEvent(3, Now, $"car{hidden}ol", 3), new RenameEvent(4, Now, $"b{hidden}", $"r{hidden}"), new NoticeEvent(5, Now, hidden),
            new MembersEvent([hidden], 1), new HelpEvent(hidden), new ErrorEvent("x", hidden), new Connected(welcome),
            new Reconnecting(1, TimeSpan.FromSeconds(1), Now, hidden), new SessionEnded(hidden),
        ];

        foreach (var line in events.Select(e => lines.For(e, Now)!).Append(EventLines.Own($"al{hidden}ice", $"x{hidden}", Now)))
        {
            using var output = new StringWriter();
            new Terminal(output, colour: true, erasesEchoedInput: false, columns: () => 80).Write(line);
            var ours = ScreenRows.OurEscapes().Replace(output.ToString(), "");

            Assert.DoesNotContain(ours.EnumerateRunes(), rune => Rune.IsControl(rune) && rune.Value != '\n' || hidden.Contains(rune.ToString(), StringComparison.Ordinal));
        }
    }

    /// <summary>The columns a row takes, for the characters these tests send (CJK and emoji are two).</summary>
    private static int Columns(string row) => row.EnumerateRunes().Sum(rune => rune.Value switch
    {
        0x0301 => 0,
        >= 0x4E00 and <= 0x9FFF or >= 0x1F300 => 2,
        _ => 1,
    });

    private static string Visible(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
