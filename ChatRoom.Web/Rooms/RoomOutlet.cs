using ChatRoom.Diagnostics;
using ChatRoom.Members;
using ChatRoom.Model;
using ChatRoom.Transport;
using ChatRoom.Wire;

namespace ChatRoom.Rooms;

/// <summary>
/// The one writer to this instance's outboxes: the reader's effects (fan-out, welcomes, leaves),
/// replies to one member, presence and the shutdown notice are all queued here, under one lock,
/// so the order a member sees is decided in one place. Sockets are written outside the lock.
/// </summary>
/// <remarks>
/// A lock, not a queue to the reader's thread: a reply is queued on its session's thread as soon
/// as the reader is between two entries, with no hop and no allocation, and nothing holds the lock
/// for longer than queuing one event to every member here.
/// </remarks>
internal sealed class RoomOutlet(
    LocalMembers locals,
    RoomState state,
    AppliedPositions applied,
    RoomFanOut fanOut,
    ChatMetrics metrics)
{
    public const string ShutdownNotice = "server is shutting down";

    private readonly Lock _writing = new();

    /// <summary>The reader's alone, like <see cref="Apply"/> and <see cref="Flush"/>.</summary>
    private bool _flushDue;

    /// <summary>Carries out what one entry asks of this instance, then wakes its appenders.</summary>
    public void Apply(in RoomEffects effects)
    {
        lock (_writing)
        {
            var id = effects.LocalMemberId;
            if (effects.Left && locals.Remove(id) is { } gone)
            {
                metrics.MemberLeft();

                // A leave this member did not ask for (its instance was declared dead while it was
                // still connected): it must reconnect. One that left is closing already.
                gone.RequestClose(CloseRequest.Reconnect);
            }

            if (effects.RenamedTo is { } name && locals.TryGet(id, out var renamed))
            {
                renamed.Name = name;
            }

            if (effects.Broadcast is { } encoded)
            {
                // Before the joiner is added: it does not get its own join.
                fanOut.Enqueue(encoded, locals.All);
                _flushDue = true;
            }

            // After the broadcast: a removed member reads why before its close.
            if (effects.Close is { } close && locals.TryGet(id, out var removed))
            {
                removed.RequestClose(close);
            }

            if (effects.Banned is { } banKey)
            {
                CloseBanned(banKey);
            }

            if (effects.Welcome is { } welcome && locals.TakePending(id) is { } joiner)
            {
                var member = joiner.Member;
                member.Name = welcome.You;
                member.KnownOnline = welcome.Online;
                locals.Add(member);
                metrics.MemberJoined();
                joiner.Complete(welcome with { Moderator = member.IsModerator });
            }
        }

        applied.Applied(effects.Position);
    }

    /// <summary>
    /// Closes every member here under <paramref name="banKey"/>: a signed-in person's other
    /// connections, or everyone anonymous at the banned address. A scan, but bans are rare.
    /// </summary>
    private void CloseBanned(string banKey)
    {
        foreach (var member in locals.All)
        {
            if (member.BanKey == banKey)
            {
                member.RequestClose(CloseRequest.Banned);
            }
        }
    }

    /// <summary>
    /// Writes the events applied since the last flush to the members here: the reader calls it
    /// when it has applied every entry at hand, so a burst leaves in one write per member.
    /// </summary>
    public void Flush()
    {
        if (_flushDue)
        {
            _flushDue = false;
            RoomFanOut.Flush(locals.All);
        }
    }

    /// <summary>Queues a frame for one member alone and writes it if its socket is free.</summary>
    public void Reply(Member member, ReadOnlyMemory<byte> frame)
    {
        lock (_writing)
        {
            fanOut.Queue(member, frame);
        }

        member.Flush();
    }

    /// <summary>Tells every member here whose count is out of date how many are online now.</summary>
    public void SendPresence()
    {
        var members = locals.All;
        lock (_writing)
        {
            var online = state.Roster.View.Online;
            SharedReply? presence = null;
            foreach (var member in members)
            {
                if (member.KnownOnline != online)
                {
                    member.KnownOnline = online;
                    presence ??= new SharedReply(new Presence(online));
                    fanOut.Queue(member, presence.For(member.Format));
                }
            }
        }

        RoomFanOut.Flush(members);
    }

    /// <summary>
    /// Tells this instance's members it is going away, then closes each with 1001 once its queued
    /// frames are written.
    /// </summary>
    public void Shutdown()
    {
        var members = locals.All;
        var notice = new SharedReply(new ServerNotice(ShutdownNotice));
        lock (_writing)
        {
            foreach (var member in members)
            {
                fanOut.Queue(member, notice.For(member.Format));
                member.RequestClose(CloseRequest.ShuttingDown);
            }
        }

        RoomFanOut.Flush(members);
    }

    /// <summary>
    /// The log lost continuity: members here are closed with 1012 (they resume, on any instance),
    /// and joins and appenders still waiting fail.
    /// </summary>
    public void Reset(Exception reason)
    {
        lock (_writing)
        {
            foreach (var member in locals.Clear(reason))
            {
                member.RequestClose(CloseRequest.Reconnect);
                metrics.MemberLeft();
            }
        }

        applied.Fail(reason);
    }
}
