using System.Diagnostics.Metrics;

namespace ChatRoom.Log.Redis;

/// <summary>The backplane's meter, <c>ChatRoom.Redis</c>, exported at /metrics beside the room's.</summary>
internal sealed class RedisMetrics
{
    public const string MeterName = "ChatRoom.Redis";

    private readonly Counter<long> _appended;
    private readonly Counter<long> _gapsFilled;
    private readonly Counter<long> _entriesFilled;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _membersReaped;
    private readonly Counter<long> _settled;
    private readonly Histogram<double> _roundTrip;

    public RedisMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _appended = meter.CreateCounter<long>("chatroom.redis.events.appended", "{event}",
            "Room events this instance appended through Redis.");
        _gapsFilled = meter.CreateCounter<long>("chatroom.redis.gaps.filled", "{gap}",
            "Gaps in the pushed entries filled from the stream.");
        _entriesFilled = meter.CreateCounter<long>("chatroom.redis.entries.filled", "{entry}",
            "Entries read from the stream to fill gaps.");
        _errors = meter.CreateCounter<long>("chatroom.redis.errors", "{error}",
            "Redis commands that failed (connection, timeout, server error).");
        _membersReaped = meter.CreateCounter<long>("chatroom.redis.members.reaped", "{member}",
            "Members of dead instances this instance announced as left.");
        _settled = meter.CreateCounter<long>("chatroom.redis.appends.settled", "{append}",
            "Appends whose answer was lost, settled by outcome: answered (it ran), refused (it never will), " +
            "unknown (Redis stayed silent).");
        _roundTrip = meter.CreateHistogram<double>("chatroom.redis.round_trip", "ms",
            "Time for one script to answer, by script.");
    }

    public void Appended() => _appended.Add(1);

    public void GapFilled(int entries)
    {
        _gapsFilled.Add(1);
        _entriesFilled.Add(entries);
    }

    public void Error(string script) => _errors.Add(1, new KeyValuePair<string, object?>("script", script));

    /// <param name="outcome"><c>answered</c>, <c>refused</c> or <c>unknown</c>.</param>
    public void Settled(string outcome) => _settled.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Reaped(long members) => _membersReaped.Add(members);

    public void RoundTrip(string script, TimeSpan elapsed) =>
        _roundTrip.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("script", script));
}
