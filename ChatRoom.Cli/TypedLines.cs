using System.Text;

namespace ChatRoom.Cli;

/// <summary>
/// Lines from standard input, read as a plain stream: the terminal's own line editing and echo
/// stay on, and no read holds .NET's console lock, which the runtime takes again at exit (a blocked
/// <see cref="Console.ReadLine"/> on a terminal can keep the process from exiting).
/// </summary>
public sealed class TypedLines : IDisposable
{
    private readonly StreamReader _input = new(Console.OpenStandardInput(),
        new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    /// <summary>
    /// The next line; null at the end of input. A terminal read cannot be cancelled: one still
    /// blocked when the chat ends is left behind, and the process exits under it.
    /// </summary>
    public Task<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        _input.ReadLineAsync(cancellationToken).AsTask().WaitAsync(cancellationToken);

    /// <summary>A read still blocked keeps the handle (SafeHandle counts its users); it closes after.</summary>
    public void Dispose() => _input.Dispose();
}
