namespace ChatRoom.Cli;

/// <summary>
/// Writes lines laid out in rows (<see cref="LineLayout"/>), coloured by kind on a terminal and
/// plain when the output is redirected.
/// </summary>
/// <param name="columns">
/// The terminal's width, read for each line (it can be resized); null when the output is not a
/// terminal: then rows are 80 columns and no escape code is written but colours.
/// </param>
public sealed class Terminal(TextWriter output, bool colour, bool erasesEchoedInput, Func<int>? columns = null)
{
    private const int UnknownColumns = 80;
    private const string Reset = "\u001b[0m";

    // Auto-wrap off while a line is written: a row the terminal counts wider than LineLayout did
    // (a character of ambiguous width) is cut at the edge instead of going on at column 0.
    private const string AutoWrapOff = "\u001b[?7l";
    private const string AutoWrapOn = "\u001b[?7h";

    /// <summary>The console: colour only on a terminal, and not when NO_COLOR asks for none (no-color.org).</summary>
    public static Terminal ForConsole()
    {
        var isTerminal = !Console.IsOutputRedirected;
        return new(
            Console.Out,
            colour: isTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")),
            erasesEchoedInput: isTerminal && !Console.IsInputRedirected,
            columns: isTerminal
                ? static () => Console.WindowWidth is > 0 and var width ? width : UnknownColumns
                : null);
    }

    public void Write(TerminalLine line)
    {
        var rows = string.Join(output.NewLine, LineLayout.Rows(line.Text, columns?.Invoke() ?? UnknownColumns));
        var text = colour ? $"{ColourOf(line.Kind)}{rows}{Reset}" : rows;

        // One call per line: Console.Out is synchronized, so lines from two tasks never interleave.
        output.WriteLine(columns is null ? text : $"{AutoWrapOff}{text}{AutoWrapOn}");
    }

    /// <summary>
    /// Names the room in the terminal's title (<c>chatroom: games</c>), so it shows which room the
    /// member is in while the welcome line scrolls away. Only on a terminal, and only characters
    /// <see cref="LineLayout"/> would show.
    /// </summary>
    public void ShowRoom(string room)
    {
        if (columns is not null)
        {
            var shown = string.Concat(LineLayout.Rows(room, int.MaxValue));
            output.Write($"\u001b]2;chatroom: {shown}\u0007");
        }
    }

    /// <summary>
    /// Removes the line the terminal echoed as it was typed, so the acked message replaces it and
    /// the screen reads as one transcript.
    /// </summary>
    public void EraseTypedLine()
    {
        if (erasesEchoedInput)
        {
            output.Write("\u001b[1A\u001b[2K");
        }
    }

    private static string ColourOf(LineKind kind) => kind switch
    {
        LineKind.Own => "\u001b[1m",
        LineKind.Action => "\u001b[35m",
        LineKind.Join => "\u001b[32m",
        LineKind.Leave => "\u001b[2m",
        LineKind.Notice => "\u001b[36m",
        LineKind.Reply => "\u001b[34m",
        LineKind.Status => "\u001b[33m",
        LineKind.Error => "\u001b[31m",
        _ => "",
    };
}
