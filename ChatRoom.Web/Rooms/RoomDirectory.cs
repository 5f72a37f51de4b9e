using ChatRoom.Diagnostics;
using ChatRoom.Log;
using ChatRoom.Model;
using ChatRoom.Names;
using Microsoft.Extensions.Options;

namespace ChatRoom.Rooms;

/// <summary>
/// The rooms open on this instance, by name: it opens a room for its first member (within
/// <c>Chat:MaxRooms</c>, and only a room of <c>Chat:Rooms</c> when that is set), keeps the default
/// room (and the configured ones) always, and forgets a room nobody has held for
/// <c>Chat:EmptyRoomTtl</c> (<see cref="EmptyRoomSweeper"/>), so its next member starts a new epoch.
/// Opening, holding and forgetting are decided under one lock, so a room is never forgotten while
/// someone enters it.
/// </summary>
internal sealed class RoomDirectory(
    RoomFactory factory,
    ChatMetrics metrics,
    TimeProvider time,
    IOptions<ChatOptions> options,
    ILogger<RoomDirectory> logger) : IHostedService
{
    public const string TooManyRooms = "too many rooms are open, try again later";

    private readonly Lock _gate = new();
    private readonly Dictionary<RoomName, OpenRoom> _open = [];
    private readonly RoomRules _rules = RoomRules.From(options.Value);

    /// <summary>Null when a room opened or was forgotten since it was last built.</summary>
    private OpenRoom[]? _all = [];
    private bool _shuttingDown;

    public RoomName DefaultName => _rules.Default;

    /// <summary>The default room: open from start-up to shutdown.</summary>
    public OpenRoom Default
    {
        get
        {
            lock (_gate)
            {
                return _open.TryGetValue(_rules.Default, out var room)
                    ? room
                    : throw new InvalidOperationException("the rooms are not open yet");
            }
        }
    }

    /// <summary>Every room open here, as an immutable snapshot any thread may read.</summary>
    public OpenRoom[] All
    {
        get
        {
            if (Volatile.Read(ref _all) is { } all)
            {
                return all;
            }

            lock (_gate)
            {
                return _all ??= [.. _open.Values];
            }
        }
    }

    /// <summary>False for a name outside <c>Chat:Rooms</c> when that is set: such a room never exists.</summary>
    public bool MayExist(RoomName name) => _rules.MayExist(name);

    /// <summary>The room if it is open here now; null otherwise (it is not opened).</summary>
    public OpenRoom? Find(RoomName name)
    {
        lock (_gate)
        {
            return _open.GetValueOrDefault(name);
        }
    }

    /// <summary>
    /// A member enters <paramref name="name"/>, which is opened if need be; the lease holds the
    /// room open until disposed. Await <see cref="OpenRoom.StartAsync"/> before joining.
    /// </summary>
    public RoomEntry Enter(RoomName name)
    {
        if (!_rules.MayExist(name))
        {
            return new RoomEntry(null, RoomRefusal.NotFound, $"no such room: {name}");
        }

        lock (_gate)
        {
            if (_shuttingDown)
            {
                return new RoomEntry(null, RoomRefusal.Unavailable, Room.ShutdownNotice);
            }

            if (!_open.TryGetValue(name, out var room))
            {
                if (_open.Count >= _rules.MaxRooms)
                {
                    return new RoomEntry(null, RoomRefusal.TooMany, TooManyRooms);
                }

                try
                {
                    room = OpenLocked(name);
                }
                catch (RoomUnavailableException exception)
                {
                    return new RoomEntry(null, RoomRefusal.Unavailable, exception.Message);
                }
            }

            room.Tenancy.Members++;
            return new RoomEntry(new RoomLease(this, room, member: true), RoomRefusal.None, null);
        }
    }

    /// <summary>Holds an open room for a moment (to post to it) without opening one; null when it is not open.</summary>
    public RoomLease? Borrow(RoomName name)
    {
        lock (_gate)
        {
            if (!_open.TryGetValue(name, out var room))
            {
                return null;
            }

            room.Tenancy.Borrowers++;
            return new RoomLease(this, room, member: false);
        }
    }

    /// <summary>Holds every open room for a moment (a notice to all).</summary>
    public List<RoomLease> BorrowAll()
    {
        lock (_gate)
        {
            var leases = new List<RoomLease>(_open.Count);
            foreach (var room in _open.Values)
            {
                room.Tenancy.Borrowers++;
                leases.Add(new RoomLease(this, room, member: false));
            }

            return leases;
        }
    }

    internal void Release(OpenRoom room, bool member)
    {
        lock (_gate)
        {
            var tenancy = room.Tenancy;
            if (member)
            {
                tenancy.Members--;
                if (tenancy.Members == 0)
                {
                    tenancy.EmptySince = time.GetUtcNow();
                }
            }
            else
            {
                tenancy.Borrowers--;
            }
        }
    }

    /// <summary>
    /// Removes the rooms nobody has held for <c>Chat:EmptyRoomTtl</c> as of <paramref name="now"/>;
    /// the caller disposes them. The default and configured rooms are kept.
    /// </summary>
    public List<OpenRoom> TakeExpired(DateTimeOffset now)
    {
        var expired = new List<OpenRoom>();
        lock (_gate)
        {
            foreach (var (name, room) in _open)
            {
                if (!room.Tenancy.IsHeld && !_rules.IsKept(name)
                    && now - room.Tenancy.EmptySince >= _rules.EmptyRoomTtl)
                {
                    expired.Add(room);
                }
            }

            foreach (var room in expired)
            {
                _open.Remove(room.Name);
                metrics.RoomClosed();
            }

            if (expired.Count > 0)
            {
                _all = null;
            }
        }

        return expired;
    }

    /// <summary>On SIGTERM: every room tells its members here, and no room opens after this.</summary>
    public void BeginShutdown()
    {
        lock (_gate)
        {
            _shuttingDown = true;
        }

        var members = 0;
        foreach (var room in All)
        {
            members += room.Room.LocalCount;
            room.Room.BeginShutdown();
        }

        ChatLog.ShuttingDown(logger, members);
    }

    /// <summary>Opens the default room and the configured ones, loaded before the server listens.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var kept = new List<OpenRoom>();
        lock (_gate)
        {
            foreach (var name in _rules.Kept)
            {
                try
                {
                    kept.Add(OpenLocked(name));
                }
                catch (RoomUnavailableException exception)
                {
                    ChatLog.RoomUnavailable(logger, $"{name}: {exception.Message}");
                }
            }
        }

        foreach (var room in kept)
        {
            await room.StartAsync().WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops every room's reader as the host stops.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        OpenRoom[] rooms;
        lock (_gate)
        {
            rooms = [.. _open.Values];
            _open.Clear();
            _all = [];
        }

        foreach (var room in rooms)
        {
            metrics.RoomClosed();
            await room.DisposeAsync();
        }
    }

    private OpenRoom OpenLocked(RoomName name)
    {
        var room = factory.Build(name, name == _rules.Default);
        room.Tenancy.EmptySince = time.GetUtcNow();
        _open.Add(name, room);
        _all = null;
        metrics.RoomOpened();
        return room;
    }
}

/// <summary>Whether a room could be entered, and why not.</summary>
internal readonly record struct RoomEntry(RoomLease? Lease, RoomRefusal Refusal, string? Reason);

internal enum RoomRefusal
{
    None,
    NotFound,
    TooMany,
    Unavailable,
}
