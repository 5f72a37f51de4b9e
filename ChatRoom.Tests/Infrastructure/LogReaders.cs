namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// Tests that read the app's log through <see cref="LogCapture"/> run alone, after the rest. The
/// app's Serilog setup assigns the process-wide <c>Serilog.Log.Logger</c> (and the request log
/// writes through it), so a host started alongside takes over events of the host under test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LogReaders
{
    public const string Name = "reads the app's log";
}
