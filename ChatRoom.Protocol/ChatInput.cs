using System.Globalization;

namespace ChatRoom.Protocol;

/// <summary>
/// What one text frame from a member asks for (docs/protocol.md, "Commands"). The server acts on
/// it; a client reads it to know which answer to expect: an <c>ack</c> for a message, a reply for
/// a command, nothing for an empty line.
/// </summary>
public abstract record ChatInput
{
    public const string HelpText =
        "commands: /nick NAME (rename), /me ACTION (an action), /who (who is online), /rooms (the rooms), "
        + "/help (this list), "
        + "//TEXT (a message that starts with /)";

    /// <summary>The commands only moderators may use: <c>/help</c> names them to moderators alone.</summary>
    public const string ModeratorHelpText =
        "moderators: /kick NAME, /mute NAME MINUTES, /ban NAME MINUTES, /unban NAME, /delete ID "
        + "(MINUTES defaults to 10)";

    /// <summary>Which kind of answer the server gives this input.</summary>
    public abstract ChatInputKind Kind { get; }

    /// <summary>What a typed line asks for: cleaned first (<see cref="MessageText.Clean"/>).</summary>
    public static ChatInput Read(string raw)
    {
        var text = MessageText.Clean(raw);
        return text.Length == 0 ? new EmptyLine() : Parse(text);
    }

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

        // Only these three end a command word: "/me\u00a0waves" is one unknown word, not an action.
        var end = text.AsSpan().IndexOfAny(' ', '\n', '\t');
        var command = end < 0 ? text : text[..end];
        var argument = end < 0 ? "" : text[end..].Trim();
        var word = AsciiLower(command);
        return word switch
        {
            "/me" when argument.Length > 0 => new Say(argument, IsAction: true),
            "/me" => new Unknown(word, "usage: /me ACTION"),
            "/nick" => new Rename(argument),
            "/who" => new Who(),
            "/rooms" => new ListRooms(),
            "/help" => new Help(),
            "/kick" => Moderation(ModerationAction.Kick, word, argument),
            "/mute" => Moderation(ModerationAction.Mute, word, argument),
            "/ban" => Moderation(ModerationAction.Ban, word, argument),
            "/unban" => Moderation(ModerationAction.Unban, word, argument),
            "/delete" when long.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && id > 0 => new Delete(id),
            "/delete" => new Unknown(word, "usage: /delete ID (a message's id)"),
            _ => new Unknown(word, $"unknown command {command} (/help lists commands)"),
        };
    }

    /// <summary>
    /// NAME, then for a mute or a ban MINUTES: the last word when it is a whole number (a name may
    /// contain spaces and digits), else <see cref="ModerationActions.DefaultMinutes"/>.
    /// </summary>
    private static Command Moderation(ModerationAction action, string word, string argument)
    {
        var name = argument;
        var minutes = 0;
        if (action.IsTimed())
        {
            minutes = ModerationActions.DefaultMinutes;
            var space = argument.AsSpan().LastIndexOfAny(' ', '\n', '\t');
            if (space > 0 && IsWholeNumber(argument.AsSpan(space + 1)))
            {
                minutes = Minutes(argument.AsSpan(space + 1));
                name = argument[..space].Trim();
            }
        }

        return name.Length == 0
            ? new Unknown(word, action.IsTimed() ? $"usage: {word} NAME MINUTES" : $"usage: {word} NAME")
            : new Moderate(action, name, minutes);
    }

    private static bool IsWholeNumber(ReadOnlySpan<char> text) =>
        text.Length > 0 && !text.ContainsAnyExceptInRange('0', '9');

    /// <summary>A whole number, cut to 1 … <see cref="ModerationActions.MaxMinutes"/>.</summary>
    private static int Minutes(ReadOnlySpan<char> digits)
    {
        var trimmed = digits.TrimStart('0');
        return trimmed.Length == 0 ? 1
            : trimmed.Length > 6 ? ModerationActions.MaxMinutes
            : Math.Clamp(int.Parse(trimmed, CultureInfo.InvariantCulture), 1, ModerationActions.MaxMinutes);
    }

    // Commands are ASCII words. Folding only ASCII letters keeps "/nic\u212A" (a Kelvin sign) from
    // meaning /nick here, and keeps the page, whose JavaScript folds other letters differently, in step.
    private static string AsciiLower(string word) => string.Create(word.Length, word, static (lower, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            lower[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] | 0x20) : source[i];
        }
    });
}

/// <summary>The kinds of answer: none, an <c>ack</c>, or a command's reply.</summary>
public enum ChatInputKind
{
    /// <summary>Nothing after cleaning: the server ignores it, so a client does not send it.</summary>
    Empty,

    /// <summary>A message, an action (<c>/me waves</c>) or <c>//text</c>: answered with an <c>ack</c>.</summary>
    Message,

    /// <summary>A command (<c>/nick</c>, <c>/who</c>, <c>/help</c>, or an unknown one).</summary>
    Command,
}

/// <summary>A line with nothing left after cleaning.</summary>
public sealed record EmptyLine : ChatInput
{
    /// <inheritdoc/>
    public override ChatInputKind Kind => ChatInputKind.Empty;
}

/// <summary>A message, or an action when <paramref name="IsAction"/>.</summary>
public sealed record Say(string Text, bool IsAction) : ChatInput
{
    /// <inheritdoc/>
    public override ChatInputKind Kind => ChatInputKind.Message;
}

/// <summary>A command: its answer is a reply, not an <c>ack</c>.</summary>
public abstract record Command : ChatInput
{
    /// <summary>The command word in lower case, e.g. <c>/nick</c>.</summary>
    public abstract string Word { get; }

    /// <inheritdoc/>
    public sealed override ChatInputKind Kind => ChatInputKind.Command;
}

/// <summary><c>/nick NAME</c>: the name is checked by the server.</summary>
public sealed record Rename(string Name) : Command
{
    /// <inheritdoc/>
    public override string Word => "/nick";
}

/// <summary><c>/who</c>.</summary>
public sealed record Who : Command
{
    /// <inheritdoc/>
    public override string Word => "/who";
}

/// <summary><c>/rooms</c>: the open rooms and how many are in each.</summary>
public sealed record ListRooms : Command
{
    /// <inheritdoc/>
    public override string Word => "/rooms";
}

/// <summary><c>/help</c>.</summary>
public sealed record Help : Command
{
    /// <inheritdoc/>
    public override string Word => "/help";
}

/// <summary>A command the server does not know, or one used wrongly; <paramref name="Message"/> says which.</summary>
public sealed record Unknown(string Word, string Message) : Command
{
    /// <inheritdoc/>
    public override string Word { get; } = Word;
}

/// <summary>
/// <c>/kick NAME</c>, <c>/mute NAME MINUTES</c>, <c>/ban NAME MINUTES</c>, <c>/unban NAME</c>:
/// moderators only; <paramref name="Minutes"/> is 0 for a kick or an unban.
/// </summary>
public sealed record Moderate(ModerationAction Action, string Name, int Minutes) : Command
{
    /// <inheritdoc/>
    public override string Word => "/" + Action.Word();
}

/// <summary><c>/delete ID</c>: moderators only.</summary>
public sealed record Delete(long Id) : Command
{
    /// <inheritdoc/>
    public override string Word => "/delete";
}
