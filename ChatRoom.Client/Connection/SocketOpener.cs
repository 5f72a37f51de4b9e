using System.Globalization;
using ChatRoom.Client.Protocol;

namespace ChatRoom.Client.Connection;

/// <summary>Opens one connection to a room, up to its welcome, within the connect timeout.</summary>
internal sealed class SocketOpener(Uri baseUri, string? key, ChatClientOptions options)
{
    /// <summary>A welcomed socket; any failure throws <see cref="ConnectFailedException"/>.</summary>
    /// <param name="room">The room to ask for; null for the one in the base address, or the server's default.</param>
    public async Task<(ChatSocket Socket, WelcomeFrame Welcome)> OpenAsync(string name, string? room,
        ResumePosition? resume, CancellationToken cancellationToken)
    {
        var uri = SocketUri.For(baseUri, name, room, resume, key);
        using var deadline = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var socket = await ChatSocket.ConnectAsync(uri, options.AccessToken, attempt.Token);
            try
            {
                return (socket, await socket.ReadWelcomeAsync(attempt.Token));
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        catch (Exception exception) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && exception is OperationCanceledException or ConnectFailedException)
        {
            var seconds = options.ConnectTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            throw new ConnectFailedException(
                ConnectionEnd.Lost($"cannot reach the server: no answer within {seconds} s"), exception);
        }
    }
}
