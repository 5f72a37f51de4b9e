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
/// someone enters it; the table they change is <see cref="OpenRoomTable"/>.
/// </summary>
internal sealed class RoomDirectory(
    RoomFactory factory,
    ChatMetrics metrics,
    TimeProvider time,
    IOptions<ChatOptions> options,
    ILogger<RoomDirectory> logger)
{
    public const string TooManyRooms = "too many rooms are open, try again later";

    private readonly Lock _gate = new();
    private readonly OpenRoomTable _open = new(factory, metrics);
    private readonly RoomRules _rules = RoomRules.From(options.Value);
    private bool _shuttingDown;

    public RoomName DefaultName => _rules.Default;

    /// <summary>SIGTERM came: no room opens any more, and the instance is no longer ready.</summary>
    public bool IsShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>The default room: open from start-up to shutdown.</summary>
    public OpenRoom Default =>
        Find(_rules.Default) ?? throw new InvalidOperationException("the rooms are not open yet");

    /// <summary>Every room open here, as an immutable snapshot any thread may read.</summary>
    public OpenRoom[] All
    {
        get
        {
            if (_open.Snapshot is { } all)
            {
                return all;
            }

            lock (_gate)
            {
                return _open.BuildSnapshot();
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
            return _open.Find(name);
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

            room.Tenancy.Hold(member: true);
            return new RoomEntry(new RoomLease(this, room, member: true), RoomRefusal.None, null);
        }
    }

    /// <summary>
    /// Loads the entered room (once) before its member joins. A room the deployment refuses
    /// (<c>Chat:MaxRooms</c> counted over every instance) is forgotten here at once, reader and all,
    /// so joins to ever new names past the limit keep nothing.
    /// </summary>
    /// <exception cref="RoomUnavailableException">The room was refused.</exception>
    public async Task StartAsync(OpenRoom room)
    {
        try
        {
            await room.StartAsync();
        }
        catch (RoomRefusedException exception)
        {
            if (ForgetRefused(room))
            {
                await room.DisposeAsync();
            }

            throw new RoomUnavailableException(exception.Message, exception);
        }
    }

    /// <summary>Holds an open room for a moment (to post to it) without opening one; null when not open.</summary>
    public RoomLease? Borrow(RoomName name)
    {
        lock (_gate)
        {
            if (!_open.TryGetValue(name, out var room))
            {
                return null;
            }

            room.Tenancy.Hold(member: false);
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
                room.Tenancy.Hold(member: false);
                leases.Add(new RoomLease(this, room, member: false));
            }

            return leases;
        }
    }

    internal void Release(OpenRoom room, bool member)
    {
        lock (_gate)
        {
            room.Tenancy.Release(member, time.GetUtcNow());
        }
    }

    /// <summary>
    /// Removes the rooms nobody has held for <c>Chat:EmptyRoomTtl</c> as of <paramref name="now"/>;
    /// the caller disposes them. The default and configured rooms are kept.
    /// </summary>
    public List<OpenRoom> TakeExpired(DateTimeOffset now)
    {
        lock (_gate)
        {
            var expired = _open.Values
                .Where(room => !_rules.IsKept(room.Name) && room.Tenancy.IsEmptySince(now - _rules.EmptyRoomTtl))
                .ToList();
            return _open.Forget(expired);
        }
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

    /// <summary>Opens the default room and the configured ones (<see cref="RoomLifetime"/> starts them).</summary>
    internal List<OpenRoom> OpenKept()
    {
        var kept = new List<OpenRoom>();
        lock (_gate)
        {
            foreach (var name in _rules.Kept)
            {
                try
                {
                    kept.Add(_open.Find(name) ?? OpenLocked(name));
                }
                catch (RoomUnavailableException exception)
                {
                    ChatLog.RoomUnavailable(logger, $"{name}: {exception.Message}");
                }
            }
        }

        return kept;
    }

    /// <summary>Takes every room out, for <see cref="RoomLifetime"/> to dispose as the host stops.</summary>
    internal List<OpenRoom> CloseAll()
    {
        lock (_gate)
        {
            return _open.Forget([.. _open.Values]);
        }
    }

    private OpenRoom OpenLocked(RoomName name) => _open.Open(name, name == _rules.Default, time.GetUtcNow());

    /// <summary>True for the one caller that took the refused room out (every joiner of it is refused).</summary>
    private bool ForgetRefused(OpenRoom room)
    {
        lock (_gate)
        {
            if (_open.Find(room.Name) != room)
            {
                return false;
            }

            _open.Forget([room]);
            return true;
        }
    }
}
