using System.Runtime.CompilerServices;
using ChatRoom.Hosting;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// The in-process test servers share this process with their clients, and the runtime fixes how
/// socket completions run at the first socket: set it before any test, as Program.cs does for the
/// server, so that every test runs the way the server does rather than in whichever order tests ran.
/// </summary>
internal static class ServerLikeProcess
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255",
        Justification = "Must run before any test touches a socket; nothing else runs that early.")]
    internal static void RunSocketCompletionsAsTheServerDoes() => SocketCompletions.RunInlineUnlessTold();
}
