using ChatRoom.Cli;
using ChatRoom.Client;

namespace ChatRoom.Tests.Client;

/// <summary>How the terminal chat lays its lines out in rows, without a server.</summary>
public sealed class CliLayoutTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Clock = ScreenRows.Clock(Now);

    [Fact]
    public void Long_lines_wrap_between_words_and_between_wide_characters()
    {
        var lines = new EventLines();
        var english = lines.For(new MessageEvent(1, Now, "bob", "The quick brown fox jumps over the lazy dog and keeps running through the fields until the sun goes down", false), Now)!;
        var chinese = lines.For(new MessageEvent(2, Now, "bob", new string('\u4F60', 60), false), Now)!;

        Assert.Equal([$"{Clock} bob: The quick brown fox jumps over the lazy dog and keeps running", $"{ScreenRows.Indent}through the fields until the sun goes down"], ScreenRows.Of(english));
        Assert.Equal([$"{Clock} bob: {new string('\u4F60', 33)}", $"{ScreenRows.Indent}{new string('\u4F60', 27)}"], ScreenRows.Of(chinese));
    }

    [Fact]
    public void Every_kind_of_line_break_continues_on_an_indented_row()
    {
        var line = new EventLines().For(new MessageEvent(1, Now, "bob", "one\ntwo\r\nthree\rfour\u2028five\u2029six\u0085seven\vEight\fnine", false), Now)!;

        string[] continued = ["two", "three", "four", "five", "six", "seven", "Eight", "nine"];
        Assert.Equal([$"{Clock} bob: one", .. continued.Select(text => ScreenRows.Indent + text)], ScreenRows.Of(line));
    }

    [Fact]
    public void On_a_terminal_the_terminal_does_not_wrap_rows_itself()
    {
        using var output = new StringWriter();
        new Terminal(output, colour: false, erasesEchoedInput: false, columns: () => 80).Write(new TerminalLine("12:00:00 bob: hi", LineKind.Message));

        // With auto-wrap off a row the terminal counts wider than we did is cut at the edge instead of
        // continuing at column 0.
        Assert.Equal("\u001b[?7l12:00:00 bob: hi\u001b[?7h\n", output.ToString());
    }

    [Fact]
    public void Colour_codes_only_on_a_terminal()
    {
        var line = new TerminalLine("12:00:00 ! oops", LineKind.Error);
        using var plain = new StringWriter();
        new Terminal(plain, colour: false, erasesEchoedInput: false).Write(line);
        Assert.Equal("12:00:00 ! oops\n", plain.ToString());

        using var coloured = new StringWriter();
        new Terminal(coloured, colour: true, erasesEchoedInput: false).Write(line);
        Assert.StartsWith("\u001b[31m12:00:00 ! oops", coloured.ToString(), StringComparison.Ordinal);
    }
}
