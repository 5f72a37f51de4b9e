namespace ChatRoom.Log;

/// <summary>
/// Whether this instance reaches its log at all, whichever room: what <c>/readyz</c> asks. One room
/// unavailable (its Redis master down) is that room's answer, not the instance's.
/// </summary>
internal interface ILogReach
{
    /// <summary>Why the instance is cut off from its log, or null when it is not.</summary>
    string? CutOff { get; }
}

/// <summary>The in-process log is never out of reach.</summary>
internal sealed class InProcessLogReach : ILogReach
{
    public string? CutOff => null;
}
