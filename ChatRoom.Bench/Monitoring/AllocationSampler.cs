using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace ChatRoom.Bench.Monitoring;

/// <summary>
/// Samples the runtime's AllocationTick events (one per ~100 KB allocated) by type name, so
/// <c>--alloc-trace</c> can say what the generator still allocates while it measures.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();

    public bool Enabled { get; set; }

    public IReadOnlyList<KeyValuePair<string, long>> Top(int count) =>
        [.. _bytesByType.OrderByDescending(kv => kv.Value).Take(count)];

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!Enabled || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) ||
            eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.PayloadNames.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 0;
        _bytesByType.AddOrUpdate(type, amount, (_, v) => v + amount);
    }
}
