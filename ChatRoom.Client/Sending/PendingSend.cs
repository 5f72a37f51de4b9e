using ChatRoom.Client.Protocol;
using ChatRoom.Protocol;

namespace ChatRoom.Client.Sending;

/// <summary>
/// A frame waiting to be sent or answered. The server answers every non-empty frame exactly once
/// (an <c>ack</c>, a reply, the sender's own rename or moderation, or an error) but acks travel through the
/// room's log while replies do not, so only one frame is in flight at a time: its answer is
/// whatever answer arrives next.
/// </summary>
internal sealed class PendingSend(string text, ChatInput input)
{
    private readonly TaskCompletionSource<long> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public string Text { get; } = text;

    /// <summary>The acked message's id; for a command, 0 or the id of the sender's rename.</summary>
    public Task<long> Outcome => _outcome.Task;

    /// <summary>Completes this send when <paramref name="frame"/> answers it.</summary>
    /// <param name="you">The sender's current name: its own rename answers <c>/nick</c>.</param>
    public bool TryAnswer(ServerFrame frame, string you)
    {
        switch (frame)
        {
            case EventFrame { Event: ErrorEvent error }:
                _outcome.TrySetException(new ChatSendRejectedException(error.Code, error.Message));
                return true;
            case AckFrame ack when input is Say:
                _outcome.TrySetResult(ack.Id);
                return true;
            case EventFrame { Event: MembersEvent } when input is Who:
            case EventFrame { Event: RoomsEvent } when input is ListRooms:
            case EventFrame { Event: HelpEvent } when input is Help:
                _outcome.TrySetResult(0);
                return true;
            case EventFrame { Event: RenameEvent rename } when input is Rename && rename.From == you:
                _outcome.TrySetResult(rename.Id);
                return true;
            // A moderator's command is answered by the event it caused, which names the moderator.
            case EventFrame { Event: ModerationEvent moderated } when input is Moderate && moderated.By == you:
                _outcome.TrySetResult(moderated.Id);
                return true;
            case EventFrame { Event: DeleteEvent deleted } when input is Delete && deleted.By == you:
                _outcome.TrySetResult(deleted.Id);
                return true;
            default:
                return false;
        }
    }

    public void Fail(Exception exception) => _outcome.TrySetException(exception);

    /// <summary>The sender stopped waiting: a send not yet out is skipped.</summary>
    public void Cancel(CancellationToken cancellationToken) => _outcome.TrySetCanceled(cancellationToken);
}
