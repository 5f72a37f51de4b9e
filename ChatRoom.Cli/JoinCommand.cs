namespace ChatRoom.Cli;

/// <summary>
/// <c>/join ROOM</c>: the one command the terminal chat answers itself, since moving to another room
/// is a new connection, not something to ask the room.
/// </summary>
public static class JoinCommand
{
    public const string Help = "and here /join ROOM (move to another room)";

    public const string Usage = "usage: /join ROOM (/rooms lists the open rooms)";

    /// <summary>True when <paramref name="line"/> is <c>/join</c>; <paramref name="room"/> is then what follows, or empty.</summary>
    public static bool TryRead(string line, out string room)
    {
        var text = line.Trim();
        var end = text.IndexOfAny([' ', '\t']);
        var word = end < 0 ? text : text[..end];
        room = end < 0 ? "" : text[end..].Trim();

        // ASCII letters only, as the server folds its commands: a dotless ı is not an i.
        return word.Equals("/join", StringComparison.OrdinalIgnoreCase) && word.All(char.IsAscii);
    }
}
