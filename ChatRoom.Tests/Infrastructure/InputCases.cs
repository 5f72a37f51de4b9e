using System.Text.Json;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// ChatRoom.Protocol/cases/input-cases.json: what the room makes of a typed line, one case a row.
/// The .NET rules and the page's protocol.js are both checked against these same rows.
/// </summary>
public static class InputCases
{
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "cases", "input-cases.json");

    /// <summary>The cases as the file has them, for handing to the page unchanged.</summary>
    public static string Json => File.ReadAllText(Path);

    public static IReadOnlyList<InputCase> All { get; } = Load();

    /// <summary>Every case as theory rows: input, clean, kind, text, command.</summary>
    public static TheoryData<string, string, string, string?, string?> Rows()
    {
        var rows = new TheoryData<string, string, string, string?, string?>();
        foreach (var c in All)
        {
            rows.Add(c.Input, c.Clean, c.Kind, c.Text, c.Command);
        }

        return rows;
    }

    private static InputCase[] Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path));
        return
        [
            .. document.RootElement.GetProperty("cases").EnumerateArray().Select(c => new InputCase(
                c.GetProperty("input").GetString()!,
                c.GetProperty("clean").GetString()!,
                c.GetProperty("kind").GetString()!,
                c.TryGetProperty("text", out var text) ? text.GetString() : null,
                c.TryGetProperty("command", out var command) ? command.GetString() : null)),
        ];
    }
}

/// <param name="Kind">empty, message, action or command.</param>
/// <param name="Text">What a message or an action shows.</param>
/// <param name="Command">A command's word in lower case.</param>
public sealed record InputCase(string Input, string Clean, string Kind, string? Text, string? Command);
