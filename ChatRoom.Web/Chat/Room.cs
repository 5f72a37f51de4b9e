using Microsoft.Extensions.Options;

namespace ChatRoom.Chat;

/// <summary>
/// The chat room: who is in it and what they say. Every change of membership and every event
/// happens under one lock, so all members see one conversation in one order. Nothing done under
/// the lock waits: delivery only queues frames.
/// </summary>
public sealed class Room(MemberRegistry members, RoomHistory history, IRoomBus bus, RoomFanOut fanOut, ChatMetrics metrics, IOptions<ChatOptions> options)
{
    /// <summary>Names listed in a welcome; the rest are counted.</summary>
    public const int MaxListedMembers = 100;

    public const string ShutdownNotice = "server is shutting down";

    private readonly Lock _gate = new();
    private long _lastMemberId;
    private long _messageCount;
    private bool _shuttingDown;

    public int Online => members.Count;

    public long MessageCount => Interlocked.Read(ref _messageCount);

    public bool IsShuttingDown => Volatile.Read(ref _shuttingDown);

    public long NextMemberId() => Interlocked.Increment(ref _lastMemberId);

    /// <summary>
    /// Adds the member under <paramref name="requestedName"/> (made unique) or a guest name, and
    /// tells everyone else. Null when the server is shutting down.
    /// </summary>
    public Welcome? Join(Member member, string? requestedName)
    {
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return null;
            }

            member.Name = MemberName.MakeUnique(requestedName ?? MemberName.Guest(), members.IsTaken);
            members.Add(member);
            Publish(new MemberJoined(member.Name, members.Count), member.Id);
            metrics.MemberJoined();
            return new Welcome(member.Name, members.Count, members.Names(MaxListedMembers), history.Snapshot(), options.Value.MaxMessageBytes);
        }
    }

    /// <summary>Removes the member and tells everyone else; does nothing if it already left.</summary>
    public void Leave(Member member, string reason)
    {
        lock (_gate)
        {
            if (AnnounceLeaveLocked(member, reason))
            {
                EvictTooSlowLocked();
            }
        }
    }

    public void Say(Member member, string text, bool isAction)
    {
        lock (_gate)
        {
            if (!members.Contains(member))
            {
                return;
            }

            _messageCount++;
            Publish(new ChatMessage(member.Name, text, isAction), member.Id);
        }

        member.CountMessageSent();
        metrics.MessageReceived();
    }

    public RenameOutcome Rename(Member member, string requestedName)
    {
        if (!MemberName.TryNormalize(requestedName, out var name))
        {
            return RenameOutcome.BadName;
        }

        lock (_gate)
        {
            if (!members.Contains(member))
            {
                return RenameOutcome.Unchanged;
            }

            if (name == member.Name)
            {
                return RenameOutcome.Unchanged;
            }

            if (members.IsTakenByOther(name, member))
            {
                return RenameOutcome.Taken;
            }

            var oldName = member.Name;
            members.Rename(member, name);
            Publish(new MemberRenamed(oldName, name));
            return RenameOutcome.Renamed;
        }
    }

    public string[] Names(int limit = int.MaxValue)
    {
        lock (_gate)
        {
            return members.Names(limit);
        }
    }

    public void PostNotice(string text)
    {
        lock (_gate)
        {
            Publish(new Notice(text));
        }
    }

    /// <summary>
    /// Tells every member the server is going away, then closes each with 1001 once its queued
    /// frames are flushed. Nobody joins after this.
    /// </summary>
    public void BeginShutdown()
    {
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            Volatile.Write(ref _shuttingDown, true);
            Publish(new Notice(ShutdownNotice));
            foreach (var member in members.All)
            {
                member.RequestClose(CloseRequest.ShuttingDown);
            }
        }
    }

    /// <summary>Publishes under the lock, then removes the members who could not keep up with it.</summary>
    private void Publish(RoomEvent body, long originMemberId = 0)
    {
        bus.Publish(body, originMemberId);
        EvictTooSlowLocked();
    }

    private void EvictTooSlowLocked()
    {
        // A loop, not recursion: announcing one leave can overflow further members.
        while (fanOut.TryTakeTooSlow(out var tooSlow))
        {
            AnnounceLeaveLocked(tooSlow, CloseRequest.TooSlow.Reason);
        }
    }

    private bool AnnounceLeaveLocked(Member member, string reason)
    {
        if (!members.Remove(member))
        {
            return false;
        }

        // Before anyone hears "left": whoever reads it may take the place at once.
        member.Place?.Dispose();
        bus.Publish(new MemberLeft(member.Name, members.Count), member.Id);
        metrics.MemberLeft(reason);
        return true;
    }
}

public enum RenameOutcome
{
    Renamed,
    Unchanged,
    BadName,
    Taken,
}
