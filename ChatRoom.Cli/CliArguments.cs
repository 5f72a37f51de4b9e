namespace ChatRoom.Cli;

/// <summary>
/// The command line: <c>chatroom [URL] [--name NAME] [--room ROOM] [--key KEY] [--token TOKEN]</c>, parsed by hand.
/// </summary>
/// <param name="Key">The access key; <c>CHATROOM_KEY</c> in the environment keeps it out of the process list.</param>
/// <param name="Token">A sign-in token; <c>CHATROOM_TOKEN</c> in the environment keeps it out of the process list.</param>
/// <param name="Room">The room to join; null for the one the URL names (<c>?room=</c>), else the server's default.</param>
public sealed record CliArguments(Uri Uri, string Name, string? Key, string? Token = null, string? Room = null)
{
    public const string Usage = """
        usage: chatroom [URL] [--name NAME] [--room ROOM] [--key KEY] [--token TOKEN]

          URL         the server's socket, default ws://localhost:8080/ws (http:// works too, and so
                      does the page's address: http://host:8080/?room=games joins games)
          --name, -n  your nickname; without it the room calls you guest-NNNN
          --room, -r  the room to join (letters, digits, - _ .); without it the server's default room
          --key, -k   the server's access key, when it has one (or set CHATROOM_KEY)
          --token, -t a sign-in token (a JWT), when the server has sign-in: your name is then the
                      token's (or set CHATROOM_TOKEN)

        Type a line to send it; /help lists the room's commands, /rooms the open rooms, /join ROOM
        moves to another room (coming back shows only what you missed); Ctrl+C or Ctrl+D leaves.
        """;

    private static readonly Uri DefaultUri = new("ws://localhost:8080/ws");

    /// <summary>The arguments, or null with <paramref name="error"/> set (empty for --help).</summary>
    public static CliArguments? Parse(IReadOnlyList<string> args, string? keyFromEnvironment,
        string? tokenFromEnvironment, out string? error)
    {
        error = null;
        Uri? uri = null;
        var name = "";
        string? room = null;
        var token = tokenFromEnvironment is { Length: > 0 } ? tokenFromEnvironment : null;
        var key = keyFromEnvironment is { Length: > 0 } ? keyFromEnvironment : null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    error = "";
                    return null;
                case "--name" or "-n" when i + 1 < args.Count:
                    name = args[++i];
                    break;
                case "--room" or "-r" when i + 1 < args.Count:
                    room = args[++i];
                    break;
                case "--key" or "-k" when i + 1 < args.Count:
                    key = args[++i];
                    break;
                case "--token" or "-t" when i + 1 < args.Count:
                    token = args[++i];
                    break;
                case var option when option.StartsWith('-'):
                    error = $"unknown option or missing value: {option}";
                    return null;
                case var address when uri is null && ToSocketUri(address) is { } parsed:
                    uri = parsed;
                    break;
                default:
                    error = $"not a ws:// or http:// URL, or one too many: {args[i]}";
                    return null;
            }
        }

        return new CliArguments(uri ?? DefaultUri, name, key, token, room);
    }

    /// <summary>ws(s):// as given; http(s):// becomes ws(s)://; a bare host gets the /ws path.</summary>
    private static Uri? ToSocketUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var scheme = uri.Scheme switch
        {
            "ws" or "http" => "ws",
            "wss" or "https" => "wss",
            _ => null,
        };
        if (scheme is null)
        {
            return null;
        }

        var builder = new UriBuilder(uri) { Scheme = scheme, Port = uri.IsDefaultPort ? -1 : uri.Port };
        if (builder.Path is "" or "/")
        {
            builder.Path = "/ws";
        }

        return builder.Uri;
    }
}
