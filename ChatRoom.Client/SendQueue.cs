using ChatRoom.Client.Connection;
using ChatRoom.Client.Sending;

namespace ChatRoom.Client;

/// <summary>
/// When a send may go on the session's queue: never after the session ended, and while
/// reconnecting only if the app asked for it (<see cref="ChatClientOptions.QueueWhileDisconnected"/>),
/// so that no send waits for a connection the app did not ask to wait for. <see cref="ChatClient"/>
/// checks what is sent, for its public API; this decides whether it can go now.
/// </summary>
internal static class SendQueue
{
    /// <summary>Queues <paramref name="send"/> and waits for its answer (the message's id for a message).</summary>
    /// <exception cref="ChatNotConnectedException">The session has ended, or is reconnecting and does not queue.</exception>
    public static async Task<long> EnqueueAsync(ChatSession session, PendingSend send,
        CancellationToken cancellationToken)
    {
        if (session.EndReason is { } ended)
        {
            throw new ChatNotConnectedException($"the session has ended: {ended}");
        }

        if (WouldWaitForReconnect(session))
        {
            throw new ChatNotConnectedException(
                "not connected (reconnecting): nothing was sent; set " +
                $"{nameof(ChatClientOptions.QueueWhileDisconnected)} to queue sends instead");
        }

        if (!session.Outgoing.TryWrite(send))
        {
            throw new ChatNotConnectedException($"the session has ended: {session.EndReason}");
        }

        if (WouldWaitForReconnect(session))
        {
            // The connection dropped between the check and the write, after the queue was emptied:
            // without this, the send would wait for the next connection, which the app did not ask for.
            send.Fail(new ChatNotConnectedException("not connected (reconnecting): nothing was sent"));
        }

        using var registration = cancellationToken.Register(() => send.Cancel(cancellationToken));
        return await send.Outcome;
    }

    /// <summary>Reconnecting, and the app did not ask its sends to wait for the next connection.</summary>
    private static bool WouldWaitForReconnect(ChatSession session) =>
        !session.IsConnected && !session.QueuesWhileDisconnected;
}
