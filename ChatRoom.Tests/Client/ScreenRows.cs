using System.Globalization;
using System.Text.RegularExpressions;
using ChatRoom.Cli;

namespace ChatRoom.Tests.Client;

/// <summary>The terminal chat's lines as rows on a screen, for the tests that read them.</summary>
public static partial class ScreenRows
{
    /// <summary>How every row after a line's first starts: under the time, and two more.</summary>
    public const string Indent = "           ";

    /// <summary>The time at the start of a line, as the terminal chat shows <paramref name="time"/>.</summary>
    public static string Clock(DateTimeOffset time) => time.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The rows <paramref name="line"/> takes on a terminal <paramref name="columns"/> wide, without the escape codes the chat writes itself.</summary>
    public static string[] Of(TerminalLine line, int columns = 80, bool colour = false)
    {
        using var output = new StringWriter();
        new Terminal(output, colour, erasesEchoedInput: false, columns: () => columns).Write(line);
        return OurEscapes().Replace(output.ToString(), "").Split('\n')[..^1];
    }

    /// <summary>A row that starts as the server's and the client's own lines do: the time, then <c>***</c> or <c>!</c>.</summary>
    [GeneratedRegex(@"^\d\d:\d\d:\d\d (\*\*\*|!) ")]
    public static partial Regex ServerRow();

    /// <summary>A row that starts a line: the time first.</summary>
    [GeneratedRegex(@"^\d\d:\d\d:\d\d ")]
    public static partial Regex LineStart();

    /// <summary>The escape codes the terminal chat writes itself: colours, and auto-wrap off and on.</summary>
    [GeneratedRegex(@"\u001b\[(\d+m|\?7[lh])")]
    public static partial Regex OurEscapes();
}
