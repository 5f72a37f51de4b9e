using System.Text;
using ChatRoom.Diagnostics;
using ChatRoom.Log;
using ChatRoom.Members;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Protocol;
using ChatRoom.Rooms;
using ChatRoom.Transport;
using ChatRoom.Wire;

namespace ChatRoom.Sessions;

/// <summary>
/// What a member's messages mean: its rate limit and flood guard, the commands, and the replies
/// to it alone. The socket side hands it each whole text message.
/// </summary>
internal sealed class MemberSession(
    Member member,
    Room room,
    IRoomList rooms,
    ChatOptions options,
    ChatMetrics metrics,
    TimeProvider time,
    ILogger logger)
{
    private static readonly UTF8Encoding StrictUtf8 = new(
        encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true);
    private static readonly SharedReply HelpReply = new(new HelpText(ChatInput.HelpText));
    private static readonly SharedReply ModeratorHelpReply =
        new(new HelpText(ChatInput.HelpText + "; " + ChatInput.ModeratorHelpText));

    private readonly TokenBucket _allowance = new(options.RateLimit.MessagesPerSecond, options.RateLimit.Burst, time);
    private readonly FloodGuard _floodGuard = new(time);

    /// <param name="payload">
    /// The message, cut at <see cref="ChatOptions.MaxMessageBytes"/> + 1 bytes when <paramref name="overLimit"/>.
    /// </param>
    public async ValueTask HandleTextAsync(
        ReadOnlyMemory<byte> payload,
        bool overLimit,
        CancellationToken cancellationToken)
    {
        if (!_allowance.TryTake())
        {
            Refuse(
                ErrorCodes.RateLimited,
                $"slow down: at most {options.RateLimit.MessagesPerSecond:0.###} messages per second (bursts of " +
                $"{options.RateLimit.Burst})");
            if (_floodGuard.RecordDrop())
            {
                ChatLog.MemberFlooding(logger, member.Id, member.Name, FloodGuard.DropLimit, FloodGuard.Window);
                member.RequestClose(CloseRequest.Flooding);
            }

            return;
        }

        if (overLimit)
        {
            Refuse(ErrorCodes.TooLong, $"message too long (max {options.MaxMessageBytes} bytes)");
            return;
        }

        // The WebSocket layer already closed the connection with 1007 if the bytes were not UTF-8.
        var text = MessageText.Clean(StrictUtf8.GetString(payload.Span));
        if (text.Length == 0)
        {
            return;
        }

        ChatLog.MessageText(logger, member.Id, text);
        var input = ChatInput.Parse(text);
        try
        {
            await HandleAsync(input, cancellationToken);
        }
        catch (RoomUnavailableException)
        {
            Refuse(
                ErrorCodes.Unavailable,
                input is Say ? "chat unavailable: message not sent" : "chat unavailable: try again later");
        }
        catch (AppendOutcomeUnknownException)
        {
            // Neither answer would be true: the resumed events show whether it is in the room.
            member.RequestClose(CloseRequest.Reconnect);
        }
    }

    private async Task HandleAsync(ChatInput input, CancellationToken cancellationToken)
    {
        switch (input)
        {
            case Say say:
                metrics.MessageReceived();
                if (await room.SayAsync(member, say.Text, say.IsAction, cancellationToken) == AppendStatus.Muted)
                {
                    Refuse(ErrorCodes.Muted, "you are muted by a moderator: message not sent");
                }

                break;
            case Rename rename:
                await RenameAsync(rename.Name, cancellationToken);
                break;
            case Who when !room.IsAvailable:
                throw new RoomUnavailableException(Room.UnavailableReason);
            case Who:
                Reply(room.Roster.WhoFrame(member.Format));
                break;
            case ListRooms:
                Reply(await rooms.ListAsync(cancellationToken));
                break;
            case Help:
                Reply((member.IsModerator ? ModeratorHelpReply : HelpReply).For(member.Format));
                break;
            case Moderate or Delete when !member.IsModerator:
                Reply(new ErrorReply(ErrorCodes.BadCommand, $"{((Command)input).Word} is for moderators only"));
                break;
            case Moderate moderate:
                await ModerateAsync(moderate, cancellationToken);
                break;
            case Delete delete:
                if (await room.DeleteAsync(delete.Id, member.Name, cancellationToken) == AppendStatus.NotFound)
                {
                    Reply(new ErrorReply(ErrorCodes.BadCommand, $"no message {delete.Id} here to delete"));
                }

                break;
            case Unknown unknown:
                Reply(new ErrorReply(ErrorCodes.BadCommand, unknown.Message));
                break;
        }
    }

    private async Task RenameAsync(string requestedName, CancellationToken cancellationToken)
    {
        if (member.Identity is not null)
        {
            Reply(new ErrorReply(ErrorCodes.BadCommand, "you are signed in: your name is your token's"));
            return;
        }

        if (!MemberName.TryNormalize(requestedName, out var name, out var problem))
        {
            Reply(new ErrorReply(ErrorCodes.BadName, $"bad name: {problem}"));
            return;
        }

        switch (await room.RenameAsync(member, name, cancellationToken))
        {
            case AppendStatus.NameTaken:
                Reply(new ErrorReply(ErrorCodes.NameTaken, $"name taken: {name} is in use"));
                break;
            case AppendStatus.NameUnchanged:
                Reply(new ErrorReply(ErrorCodes.BadName, $"you are already {member.Name}"));
                break;
        }
    }

    private async Task ModerateAsync(Moderate moderate, CancellationToken cancellationToken)
    {
        var command = new ModerateCommand(moderate.Action, moderate.Name, member.Name, moderate.Minutes);
        if (await room.ModerateAsync(command, cancellationToken) == AppendStatus.NotFound)
        {
            Reply(new ErrorReply(ErrorCodes.BadCommand, moderate.Action == ModerationAction.Unban
                ? $"nobody is banned here as {moderate.Name}"
                : $"nobody here is named {moderate.Name}"));
        }
    }

    private void Refuse(string code, string message)
    {
        metrics.MessageDropped(code);
        Reply(new ErrorReply(code, message));
    }

    private void Reply(DirectReply reply) => Reply(member.Format.Encode(reply));

    private void Reply(byte[] frame) => room.Reply(member, frame);
}
