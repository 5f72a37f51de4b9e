using ChatRoom.Diagnostics;
using ChatRoom.Log;
using ChatRoom.Members;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Protocol;
using ChatRoom.Transport;
using ChatRoom.Wire;

namespace ChatRoom.Rooms;

/// <summary>
/// What a member can do in the room. Every change goes through the log: this class appends and
/// reports what the log decided; the reader applies the outcome and delivers it to everyone.
/// </summary>
internal sealed class Room(
    IRoomLog log,
    RoomState state,
    AppliedPositions applied,
    LocalMembers locals,
    RoomOutlet outlet,
    ILogger<Room> logger)
{
    public const string ShutdownNotice = RoomOutlet.ShutdownNotice;

    public const string UnavailableReason = "chat unavailable";

    /// <summary>Why a room this instance has forgotten takes nothing more (a late notice to it).</summary>
    public const string ClosedReason = "room closed";

    private volatile bool _shuttingDown;
    private volatile bool _closed;

    public RoomName Name => state.Name;

    public RosterView Roster => state.Roster.View;

    public RoomState State => state;

    public bool IsShuttingDown => _shuttingDown;

    public bool IsAvailable => log.IsAvailable && state.Epoch is not null;

    /// <summary>
    /// Appends the member's join and waits for the reader to apply it: its welcome, or why it was
    /// refused (the room is full, or the member is banned).
    /// </summary>
    /// <exception cref="RoomUnavailableException">
    /// The log is unreachable, or this instance is shutting down.
    /// </exception>
    public async Task<JoinOutcome> JoinAsync(
        Member member,
        string? requestedName,
        ResumeRequest? resume,
        CancellationToken cancellationToken)
    {
        if (_shuttingDown || _closed || state.Epoch is null)
        {
            throw new RoomUnavailableException(
                _shuttingDown ? ShutdownNotice : _closed ? ClosedReason : UnavailableReason);
        }

        var pending = new PendingJoin(member, resume);
        locals.Expect(pending);
        try
        {
            var result = await log.AppendAsync(
                new JoinCommand(member.Key, requestedName ?? MemberName.Guest(), member.Identity is not null,
                    member.BanKey),
                cancellationToken);
            if (result.Status != AppendStatus.Appended)
            {
                locals.Abandon(member.Id);
                return new JoinOutcome(result.Status, null);
            }

            return new JoinOutcome(AppendStatus.Appended, await pending.Welcomed.WaitAsync(cancellationToken));
        }
        catch
        {
            locals.Abandon(member.Id);
            throw;
        }
    }

    /// <summary>Appends the member's leave; nothing happens if it is not in the room.</summary>
    public async Task LeaveAsync(Member member)
    {
        try
        {
            await log.AppendAsync(new LeaveCommand(member.Key), CancellationToken.None);
        }
        catch (RoomUnavailableException exception)
        {
            // The instance's heartbeat lapses if it never comes back, and a survivor announces the leave.
            ChatLog.LeaveNotAppended(logger, member.Id, exception.Message);
        }
    }

    /// <summary>Appends a message; <see cref="AppendStatus.Muted"/> when a moderator muted the member.</summary>
    /// <exception cref="RoomUnavailableException">Not sent: the log is unreachable.</exception>
    public async Task<AppendStatus> SayAsync(Member member, string text, bool isAction,
        CancellationToken cancellationToken)
    {
        var status = await AppendAsync(new SayCommand(member.Key, text, isAction), cancellationToken);
        if (status == AppendStatus.Appended)
        {
            member.CountMessageSent();
        }

        return status;
    }

    /// <summary>
    /// A moderator's kick, mute, ban or unban (a member's or the admin API's: the caller has checked
    /// who may); <see cref="AppendStatus.NotFound"/> when nobody here goes by that name (no such ban).
    /// </summary>
    /// <exception cref="RoomUnavailableException">Not done: the log is unreachable.</exception>
    public async Task<AppendStatus> ModerateAsync(ModerateCommand command, CancellationToken cancellationToken)
    {
        var status = await AppendAsync(command, cancellationToken);
        if (status == AppendStatus.Appended)
        {
            ChatLog.Moderated(logger, command.By, command.Action.Word(), command.Target, command.Minutes);
        }

        return status;
    }

    /// <summary>Removes a message from history and the resume window; <see cref="AppendStatus.NotFound"/>
    /// when the room no longer holds it.</summary>
    /// <exception cref="RoomUnavailableException">Not done: the log is unreachable.</exception>
    public async Task<AppendStatus> DeleteAsync(long id, string by, CancellationToken cancellationToken)
    {
        if (!state.Recent.HoldsMessage(id))
        {
            return AppendStatus.NotFound;
        }

        var status = await AppendAsync(new DeleteCommand(id, by), cancellationToken);
        if (status == AppendStatus.Appended)
        {
            ChatLog.MessageDeleted(logger, by, id);
        }

        return status;
    }

    /// <exception cref="RoomUnavailableException">Not renamed: the log is unreachable.</exception>
    public Task<AppendStatus> RenameAsync(Member member, string name, CancellationToken cancellationToken) =>
        AppendAsync(new RenameCommand(member.Key, name), cancellationToken);

    /// <exception cref="RoomUnavailableException">Not posted: the log is unreachable.</exception>
    public Task PostNoticeAsync(string text, CancellationToken cancellationToken) =>
        AppendAsync(new NoticeCommand(text), cancellationToken);

    /// <summary>Appends, then waits until this instance has applied the entry: callers see their own changes.</summary>
    private async Task<AppendStatus> AppendAsync(RoomCommand command, CancellationToken cancellationToken)
    {
        if (_closed)
        {
            throw new RoomUnavailableException(ClosedReason);
        }

        var result = await log.AppendAsync(command, cancellationToken);
        if (result.Status == AppendStatus.Appended)
        {
            await applied.WaitAsync(result.Position, cancellationToken);
        }

        return result.Status;
    }

    /// <summary>
    /// Tells this instance's members it is going away, then closes each with 1001 once its queued
    /// frames are flushed; their leaves go through the log as their connections end. Nobody joins after this.
    /// </summary>
    public void BeginShutdown()
    {
        _shuttingDown = true;
        outlet.Shutdown();
    }

    /// <summary>This instance forgets the room: nothing more is appended through it.</summary>
    public void Close() => _closed = true;

    /// <summary>Members of this room on this instance.</summary>
    public int LocalCount => locals.Count;

    /// <summary>Sends a member a reply meant for it alone, in its place among the room's events.</summary>
    public void Reply(Member member, ReadOnlyMemory<byte> frame) => outlet.Reply(member, frame);
}

/// <summary>What became of a join: <see cref="Welcome"/> when <see cref="Status"/> is Appended.</summary>
internal readonly record struct JoinOutcome(AppendStatus Status, Welcome? Welcome);
