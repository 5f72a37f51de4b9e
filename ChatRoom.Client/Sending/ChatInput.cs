namespace ChatRoom.Client;

/// <summary>What a line of input asks the server for, by the rules of docs/protocol.md.</summary>
public enum ChatInputKind
{
    /// <summary>Nothing after trimming: the server ignores it, so the client does not send it.</summary>
    Empty,

    /// <summary>A message, an action (<c>/me waves</c>) or <c>//text</c>: answered with an <c>ack</c>.</summary>
    Message,

    /// <summary>A command (<c>/nick</c>, <c>/who</c>, <c>/help</c>, or an unknown one).</summary>
    Command,
}

/// <summary>Classifies input the way the server parses it.</summary>
public static class ChatInput
{
    /// <summary>Which kind of input <paramref name="text"/> is.</summary>
    public static ChatInputKind KindOf(string text)
    {
        var trimmed = Clean(text);
        if (trimmed.Length == 0)
        {
            return ChatInputKind.Empty;
        }

        if (!trimmed.StartsWith('/') || trimmed.StartsWith("//", StringComparison.Ordinal))
        {
            return ChatInputKind.Message;
        }

        return CommandOf(trimmed) == "/me" && trimmed.Length > 3 && trimmed[3..].Trim().Length > 0
            ? ChatInputKind.Message
            : ChatInputKind.Command;
    }

    /// <summary>The command word in lower case (<c>/nick</c>), or "" for a message.</summary>
    internal static string CommandOf(string text)
    {
        var trimmed = Clean(text);
        if (!trimmed.StartsWith('/') || trimmed.StartsWith("//", StringComparison.Ordinal))
        {
            return "";
        }

        var end = trimmed.AsSpan().IndexOfAny(' ', '\n', '\t');
        return (end < 0 ? trimmed : trimmed[..end]).ToLowerInvariant();
    }

    // As the server does: control characters other than line feed and tab are dropped, then trimmed.
    private static string Clean(string text) =>
        string.Concat(text.Where(c => !char.IsControl(c) || c is '\n' or '\t')).Trim();
}
