using System.Diagnostics.Metrics;
using ChatRoom.Diagnostics;
using ChatRoom.Names;
using Microsoft.AspNetCore.Connections;

namespace ChatRoom.Hosting.Limits;

/// <summary>
/// Holds the process to its <see cref="ConnectionBudget"/>, whatever number of TCP connections
/// arrives. A new connection past the budget closes the oldest <em>idle</em> one (connected but
/// in no request: never sent a byte, stalled half-way through its headers, or between
/// keep-alive requests); only when every connection is busy (members, requests being served) is
/// the new one closed instead. So a flood of idle or half-sent connections cannot starve
/// <c>/healthz</c> or the members, and descriptors never run out.
/// </summary>
/// <remarks>
/// Kestrel's own <c>MaxConcurrentConnections</c> would refuse the newcomer and keep the idle
/// flood. One lock, held for a list operation per connection and per request.
/// </remarks>
internal sealed class ConnectionGuard
{
    private readonly ConnectionBudget _budget;
    private readonly Lock _lock = new();
    private readonly LinkedList<Slot> _idle = new();
    private readonly Dictionary<string, Slot> _byId = [];
    private readonly Counter<long> _closed;
    private int _open;
    private int _busy;

    public ConnectionGuard(ConnectionBudget budget, IMeterFactory meterFactory)
    {
        _budget = budget;
        var meter = meterFactory.Create(ChatMetrics.MeterName);
        meter.CreateObservableUpDownCounter("chatroom.connections.open", () => Volatile.Read(ref _open), "{connection}",
            "TCP connections open now.");
        meter.CreateObservableUpDownCounter("chatroom.connections.busy", () => Volatile.Read(ref _busy), "{connection}",
            "Connections in a request now: members and HTTP requests being served.");
        meter.CreateObservableGauge("chatroom.connections.limit", () => budget.Connections, "{connection}",
            "TCP connections held at once (the open-file limit less the reserve).");
        meter.CreateObservableGauge("chatroom.connections.members_limit", () => budget.Members, "{connection}",
            "Upgraded connections held at once; past it an upgrade gets 503.");
        meter.CreateObservableGauge("chatroom.descriptors.limit", () => budget.DescriptorLimit, "{descriptor}",
            "The process's open-file limit (RLIMIT_NOFILE, soft raised to hard).");
        _closed = meter.CreateCounter<long>("chatroom.connections.closed_at_limit", "{connection}",
            "Connections closed because the process was at its connection limit, by reason (idle_evicted, refused).");
    }

    public int Open => Volatile.Read(ref _open);

    /// <summary>True when one more member would leave too little room for plain HTTP.</summary>
    /// <remarks>The asking upgrade is itself busy, hence the strict comparison.</remarks>
    public bool MembersFull => Volatile.Read(ref _busy) > _budget.Members;

    /// <summary>
    /// Called as the transport accepts a connection (<see cref="GuardedListenerFactory"/>), before
    /// Kestrel queues it to the thread pool: admits it, or makes room, or refuses it. Counting any
    /// later lets a busy thread pool fall behind the accept loop, and the descriptors run out
    /// before the guard sees them (the server died that way under load).
    /// </summary>
    public void Admit(ConnectionContext connection)
    {
        Slot? evicted = null;
        lock (_lock)
        {
            if (_open >= _budget.Connections)
            {
                evicted = _idle.First?.Value;
                if (evicted is null)
                {
                    _closed.Add(1, new KeyValuePair<string, object?>("reason", "refused"));
                    connection.Abort(new ConnectionAbortedException("at the connection limit"));
                    return;
                }

                // Its socket is closed by the abort below: its descriptor is free now,
                // whenever Kestrel gets round to it.
                Forget(evicted);
            }

            var slot = new Slot(connection);
            _open++;
            _idle.AddLast(slot.Node);
            _byId[connection.ConnectionId] = slot;
        }

        if (evicted is not null)
        {
            _closed.Add(1, new KeyValuePair<string, object?>("reason", "idle_evicted"));
            evicted.Connection.Abort(
                new ConnectionAbortedException("idle connection closed: the server is at its connection limit"));
        }
    }

    /// <summary>Kestrel connection middleware: the connection's place is freed when it ends.</summary>
    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        try
        {
            await next(connection);
        }
        finally
        {
            lock (_lock)
            {
                if (_byId.TryGetValue(connection.ConnectionId, out var slot))
                {
                    Forget(slot);
                }
            }
        }
    }

    /// <summary>
    /// HTTP middleware: a connection in a request (a member's is, for its whole life) is never evicted.
    /// </summary>
    public async Task OnRequestAsync(HttpContext context, RequestDelegate next)
    {
        var slot = Enter(context.Connection.Id);
        try
        {
            await next(context);
        }
        finally
        {
            Leave(slot);
        }
    }

    private Slot? Enter(string? connectionId)
    {
        lock (_lock)
        {
            _busy++;

            // Not a Kestrel connection: the in-memory test server has no connection id.
            if (connectionId is null || !_byId.TryGetValue(connectionId, out var slot))
            {
                return null;
            }

            if (slot.Requests++ == 0 && slot.Node.List is not null)
            {
                _idle.Remove(slot.Node);
            }

            return slot;
        }
    }

    private void Forget(Slot slot)
    {
        _open--;
        _byId.Remove(slot.Connection.ConnectionId);
        if (slot.Node.List is not null)
        {
            _idle.Remove(slot.Node);
        }
    }

    private void Leave(Slot? slot)
    {
        lock (_lock)
        {
            _busy--;
            if (slot is not null && --slot.Requests == 0 && _byId.ContainsKey(slot.Connection.ConnectionId))
            {
                _idle.AddLast(slot.Node);
            }
        }
    }

    private sealed class Slot
    {
        public Slot(ConnectionContext connection)
        {
            Connection = connection;
            Node = new LinkedListNode<Slot>(this);
        }

        public ConnectionContext Connection { get; }

        public LinkedListNode<Slot> Node { get; }

        public int Requests { get; set; }
    }
}
