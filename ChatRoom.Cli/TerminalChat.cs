using ChatRoom.Client;
using ChatRoom.Protocol;

namespace ChatRoom.Cli;

/// <summary>
/// The chat in a terminal: events are printed as they come, typed lines are sent, and Ctrl+C or the
/// end of input leaves the room with a 1000 close.
/// </summary>
public static class TerminalChat
{
    /// <returns>0 after leaving, 1 when the server ended the session or refused it, 2 for bad arguments.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = CliArguments.Parse(args, Environment.GetEnvironmentVariable("CHATROOM_KEY"),
            Environment.GetEnvironmentVariable("CHATROOM_TOKEN"), out var error);
        if (arguments is null)
        {
            var usageWriter = error is { Length: > 0 } ? Console.Error : Console.Out;
            await usageWriter.WriteLineAsync(
                error is { Length: > 0 } ? $"{error}\n\n{CliArguments.Usage}" : CliArguments.Usage);
            return error is { Length: > 0 } ? 2 : 0;
        }

        using var leave = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Not the default hard exit: leave with a close frame, so the room sees a clean 1000.
            e.Cancel = true;
            leave.Cancel();
        };

        var terminal = Terminal.ForConsole();
        ChatClient client;
        try
        {
            client = await ChatClient.ConnectAsync(arguments.Uri, arguments.Name, arguments.Key,
                new ChatClientOptions { Room = arguments.Room, AccessToken = arguments.Token }, leave.Token);
        }
        catch (ChatConnectException refused)
        {
            terminal.Write(EventLines.Failure($"cannot join {arguments.Uri}: {refused.Message}", DateTimeOffset.Now));
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 1;
        }

        await using (client)
        {
            var printing = PrintAsync(client, terminal);
            using var stopTyping = CancellationTokenSource.CreateLinkedTokenSource(leave.Token);
            var typing = TypeAsync(client, terminal, stopTyping.Token);
            if (await Task.WhenAny(printing, typing) == typing)
            {
                await client.CloseAsync(CancellationToken.None);
            }

            var ended = await printing;
            await stopTyping.CancelAsync();
            await typing;
            return ended?.Reason == "closed" ? 0 : 1;
        }
    }

    /// <summary>Prints every event until the session ends; returns how it ended.</summary>
    private static async Task<SessionEnded?> PrintAsync(ChatClient client, Terminal terminal)
    {
        var lines = new EventLines();
        SessionEnded? ended = null;
        await foreach (var e in client.ReadEventsAsync())
        {
            ended = e as SessionEnded ?? ended;
            // The title first: once the welcome line shows, the title names its room.
            if (EventLines.WelcomeIn(e)?.Room is { } room)
            {
                terminal.ShowRoom(room);
            }

            if (lines.For(e, DateTimeOffset.Now) is { } line)
            {
                terminal.Write(line);
            }
        }

        return ended;
    }

    /// <summary>Sends typed lines until the input ends or <paramref name="cancellationToken"/> fires.</summary>
    private static async Task TypeAsync(ChatClient client, Terminal terminal, CancellationToken cancellationToken)
    {
        try
        {
            using var lines = new TypedLines();
            while (await lines.ReadLineAsync(cancellationToken) is { } line)
            {
                await SendAsync(client, terminal, line, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static async Task SendAsync(ChatClient client, Terminal terminal, string line,
        CancellationToken cancellationToken)
    {
        if (JoinCommand.TryRead(line, out var room))
        {
            await JoinAsync(client, terminal, room, cancellationToken);
            return;
        }

        try
        {
            switch (ChatInput.Read(line).Kind)
            {
                case ChatInputKind.Message:
                    await client.SendAsync(line, cancellationToken);
                    terminal.EraseTypedLine();
                    terminal.Write(EventLines.Own(client.Name, line, DateTimeOffset.Now));
                    break;
                case ChatInputKind.Command:
                    await client.SendCommandAsync(line, cancellationToken);
                    break;
            }
        }
        catch (ChatNotConnectedException) when (!client.IsConnected)
        {
            terminal.Write(EventLines.Failure("not sent: reconnecting…", DateTimeOffset.Now));
        }
        catch (Exception failure)
            when (failure is ChatSendRejectedException or ChatNotConnectedException or TimeoutException)
        {
            terminal.Write(EventLines.Failure($"not sent: {failure.Message}", DateTimeOffset.Now));
        }
    }

    /// <summary>Moves to <paramref name="room"/>; a refusal is shown, and the member stays where it is.</summary>
    private static async Task JoinAsync(ChatClient client, Terminal terminal, string room,
        CancellationToken cancellationToken)
    {
        if (room.Length == 0)
        {
            terminal.Write(EventLines.Failure(JoinCommand.Usage, DateTimeOffset.Now));
            return;
        }

        if (string.Equals(room, client.Room, StringComparison.OrdinalIgnoreCase))
        {
            terminal.Write(EventLines.Note($"you are in {client.Room}", DateTimeOffset.Now));
            return;
        }

        try
        {
            await client.SwitchRoomAsync(room, cancellationToken);
        }
        catch (Exception failure) when (failure is ChatConnectException or ChatNotConnectedException)
        {
            terminal.Write(EventLines.Failure($"cannot join {room}: {failure.Message}", DateTimeOffset.Now));
        }
    }
}
