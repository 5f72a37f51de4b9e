using System.Diagnostics.Metrics;

namespace ChatRoom.Diagnostics;

/// <summary>The room's own meter, <c>ChatRoom</c>, exported at /metrics with ASP.NET Core's and Kestrel's.</summary>
internal sealed class ChatMetrics
{
    public const string MeterName = "ChatRoom";

    private readonly UpDownCounter<int> _online;
    private readonly UpDownCounter<int> _rooms;
    private readonly Counter<long> _joins;
    private readonly Counter<long> _leaves;
    private readonly Counter<long> _messagesReceived;
    private readonly Counter<long> _eventsDelivered;
    private readonly Counter<long> _messagesDropped;
    private readonly Counter<long> _sendQueueOverflows;
    private readonly Counter<long> _upgradesRefused;
    private readonly Counter<long> _signIns;
    private readonly Counter<long> _signInsRefused;
    private readonly Histogram<double> _sendLatency;

    /// <summary>
    /// Seconds: from a write that found the socket idle (tens of µs) to a member about to be closed
    /// as too slow.
    /// </summary>
    private static readonly double[] SendLatencyBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public ChatMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _online = meter.CreateUpDownCounter<int>(
            "chatroom.members.online",
            "{member}",
            "Members connected to this instance now.");
        _rooms = meter.CreateUpDownCounter<int>(
            "chatroom.rooms",
            "{room}",
            "Rooms open on this instance now, empty ones kept for Chat:EmptyRoomTtl included (no room names: "
            + "they are unbounded).");
        _joins = meter.CreateCounter<long>("chatroom.members.joined", "{member}", "Members who joined.");
        _leaves = meter.CreateCounter<long>(
            "chatroom.members.left",
            "{member}",
            "Members whose connection ended, by close reason.");
        _messagesReceived = meter.CreateCounter<long>(
            "chatroom.messages.received",
            "{message}",
            "Messages and actions members sent into the room.");
        _eventsDelivered = meter.CreateCounter<long>(
            "chatroom.events.delivered",
            "{event}",
            "Event frames queued to members (one per member per event).");
        _messagesDropped = meter.CreateCounter<long>(
            "chatroom.messages.dropped",
            "{message}",
            "Messages refused, by reason (too_long, rate_limited).");
        _sendQueueOverflows = meter.CreateCounter<long>(
            "chatroom.send_queue.overflows",
            "{member}",
            "Members closed because their send queue was full.");
        _upgradesRefused = meter.CreateCounter<long>(
            "chatroom.upgrades.refused",
            "{upgrade}",
            "Upgrades refused with 503 to protect the process, by reason (throttled, connections).");
        _signIns = meter.CreateCounter<long>(
            "chatroom.signins",
            "{upgrade}",
            "Upgrades with a valid token: members who joined signed in.");
        _signInsRefused = meter.CreateCounter<long>(
            "chatroom.signins.refused",
            "{upgrade}",
            "Upgrades refused with 401 for their token, by reason (missing, expired, audience, issuer, signature, " +
            "malformed, name, ...).");
        _sendLatency = meter.CreateHistogram(
            "chatroom.send.latency",
            "s",
            "Queue to socket: per batch written, the time from its oldest frame entering the member's send queue " +
            "to the write completing.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = SendLatencyBuckets });
    }

    public void MemberJoined()
    {
        _online.Add(1);
        _joins.Add(1);
    }

    public void MemberLeft() => _online.Add(-1);

    public void RoomOpened() => _rooms.Add(1);

    public void RoomClosed() => _rooms.Add(-1);

    public void MemberClosed(string reason) => _leaves.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void MessageReceived() => _messagesReceived.Add(1);

    public void EventDelivered(int frames) => _eventsDelivered.Add(frames);

    public void MessageDropped(string reason) => _messagesDropped.Add(
        1,
        new KeyValuePair<string, object?>("reason", reason));

    public void SendQueueOverflowed() => _sendQueueOverflows.Add(1);

    public void UpgradeRefused(string reason) => _upgradesRefused.Add(
        1,
        new KeyValuePair<string, object?>("reason", reason));

    public void SignedIn() => _signIns.Add(1);

    public void SignInRefused(string reason) => _signInsRefused.Add(
        1,
        new KeyValuePair<string, object?>("reason", reason));

    /// <summary>One batch reached the socket; no tags, so recording allocates nothing.</summary>
    public void BatchSent(TimeSpan queueToSocket) => _sendLatency.Record(queueToSocket.TotalSeconds);
}
