namespace ChatRoom.Cli;

/// <summary>Writes lines, coloured by kind on a terminal and plain when the output is redirected.</summary>
public sealed class Terminal(TextWriter output, bool colour, bool erasesEchoedInput)
{
    private const string Reset = "\u001b[0m";

    /// <summary>The console: colour only on a terminal, and not when NO_COLOR asks for none (no-color.org).</summary>
    public static Terminal ForConsole() => new(
        Console.Out,
        colour: !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")),
        erasesEchoedInput: !Console.IsInputRedirected && !Console.IsOutputRedirected);

    public void Write(TerminalLine line) =>
        // One call per line: Console.Out is synchronized, so lines from two tasks never interleave.
        output.WriteLine(colour ? $"{ColourOf(line.Kind)}{line.Text}{Reset}" : line.Text);

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
