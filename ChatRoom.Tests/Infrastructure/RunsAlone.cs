namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// Tests that observe something process-wide run alone, after the rest: OpenTelemetry's meter
/// listener sees every host's <c>ChatRoom</c> meter (a host started alongside would move the
/// counters under test), and the log-capture tests must see only their own host's events.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}
