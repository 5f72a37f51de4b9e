namespace ChatRoom.Chat;

/// <summary>What one text frame from a member asks for.</summary>
internal abstract record ChatInput
{
    public const string HelpText =
        "commands: /nick NAME (rename), /me ACTION (an action), /who (who is online), /help (this list), //TEXT (a message that starts with /)";

    /// <summary>Parses a cleaned, non-empty message.</summary>
    public static ChatInput Parse(string text)
    {
        if (!text.StartsWith('/'))
        {
            return new Say(text, IsAction: false);
        }

        if (text.StartsWith("//", StringComparison.Ordinal))
        {
            return new Say(text[1..], IsAction: false);
        }

        var end = text.AsSpan().IndexOfAny(' ', '\n', '\t');
        var command = end < 0 ? text : text[..end];
        var argument = end < 0 ? "" : text[end..].Trim();
        return command.ToLowerInvariant() switch
        {
            "/me" when argument.Length > 0 => new Say(argument, IsAction: true),
            "/me" => new Unknown("usage: /me ACTION"),
            "/nick" => new Rename(argument),
            "/who" => new Who(),
            "/help" => new Help(),
            _ => new Unknown($"unknown command {command} (/help lists commands)"),
        };
    }
}

internal sealed record Say(string Text, bool IsAction) : ChatInput;

internal sealed record Rename(string Name) : ChatInput;

internal sealed record Who : ChatInput;

internal sealed record Help : ChatInput;

internal sealed record Unknown(string Message) : ChatInput;
