namespace ChatRoom.Hosting;

/// <summary>
/// Runs socket completions on the runtime's socket event thread instead of queueing each one to the
/// thread pool (.NET's <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>), unless the environment
/// already says which.
/// </summary>
/// <remarks>
/// Every received frame otherwise costs a thread-pool hop before Kestrel even reads it; inline, the
/// event thread reads it into the connection's pipe and ChatRoom's code still runs on the thread pool
/// (Kestrel's pipes schedule it there), so nothing of ours can block the event thread. Measured in
/// docs/perf/journal-2026-12.md ("Socket completions inline"). The runtime reads the variable once,
/// when the first socket is used, hence before anything else in Program.cs.
/// </remarks>
internal static class SocketCompletions
{
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static void RunInlineUnlessTold() =>
        Environment.SetEnvironmentVariable(Variable, Choose(Environment.GetEnvironmentVariable(Variable)));

    /// <summary>An operator's value stands (<c>0</c> turns it off); unset means inline.</summary>
    public static string Choose(string? configured) => string.IsNullOrEmpty(configured) ? "1" : configured;
}
