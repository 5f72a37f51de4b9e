using System.Threading.Channels;
using ChatRoom.Client.Protocol;

namespace ChatRoom.Client.Connection;

/// <summary>
/// What the app has been told, and so where a reconnect resumes: the events channel, the room, its
/// epoch and the highest room id handed over, and the same for each room left earlier. Written by one
/// connection's receive loop at a time.
/// </summary>
internal sealed class Timeline
{
    private readonly Channel<ChatEvent> _events = Channel.CreateUnbounded<ChatEvent>();

    // Rooms left this session, by RoomKey: coming back resumes there, so no event is shown twice.
    private readonly Dictionary<string, ResumePosition> _left = new(StringComparer.Ordinal);

    public ChannelReader<ChatEvent> Events => _events.Reader;

    /// <summary>The epoch of <see cref="LastId"/>; null until a server with resume welcomed us.</summary>
    public string? Epoch { get; private set; }

    public long LastId { get; private set; }

    /// <summary>Where a reconnect to this room resumes; null until a server with resume welcomed us.</summary>
    public ResumePosition? Position => Epoch is null ? null : new ResumePosition(Epoch, LastId);

    /// <summary>The room as the last welcome named it, else as it was asked for; null for the default room.</summary>
    public string? Room { get; private set; }

    public string You { get; private set; } = "";

    public int MaxMessageBytes { get; private set; } = int.MaxValue;

    /// <summary>Reports a welcome and the events it brings: history, or the events missed.</summary>
    /// <param name="isReconnect">False for the session's first welcome.</param>
    public void Welcome(WelcomeFrame frame, bool isReconnect)
    {
        var welcome = frame.Welcome;
        You = welcome.You;
        Room = welcome.Room ?? Room;
        MaxMessageBytes = welcome.MaxMessageBytes;
        if (isReconnect && frame.Resumed == true && welcome.Epoch == Epoch)
        {
            var missed = frame.History.Where(e => e.Id > LastId).ToList();
            Report(new Resumed(welcome, missed.Count));
            foreach (var e in missed)
            {
                Report(e);
            }

            LastId = Math.Max(LastId, welcome.Last);
            return;
        }

        Report(isReconnect ? new Reset(welcome) : new Connected(welcome));
        foreach (var e in frame.History)
        {
            Report(e);
        }

        // A new epoch restarts ids: the old LastId means nothing in it.
        Epoch = welcome.Epoch;
        LastId = welcome.Last;
    }

    /// <summary>True when <paramref name="room"/> names the room this member is in.</summary>
    public bool IsIn(string room) => Room is not null && RoomKey(room) == RoomKey(Room);

    /// <summary>Where a connection to <paramref name="room"/> resumes; null for a room not visited yet.</summary>
    public ResumePosition? PositionIn(string room) =>
        IsIn(room) ? Position : _left.GetValueOrDefault(RoomKey(room));

    /// <summary>
    /// Leaves the room for <paramref name="room"/>, keeping where it was left; the next <see cref="Welcome"/>
    /// is <paramref name="room"/>'s, resuming from <paramref name="resume"/> when it is not null.
    /// </summary>
    public void Enter(string? room, ResumePosition? resume)
    {
        if (Room is not null && Position is { } position)
        {
            _left[RoomKey(Room)] = position;
        }

        Room = room;
        Epoch = resume?.Epoch;
        LastId = resume?.LastId ?? 0;
    }

    /// <summary>
    /// Reports a live room event unless it was already reported (the server promises none twice; this makes sure).
    /// </summary>
    public void Append(RoomEvent e)
    {
        if (e.Id == 0)
        {
            Report(e);
            return;
        }

        if (e.Id <= LastId)
        {
            return;
        }

        LastId = e.Id;
        if (e is RenameEvent rename && rename.From == You)
        {
            You = rename.To;
        }

        Report(e);
    }

    /// <summary>Our own message has this id: the server will not send it to us, and resume starts after it.</summary>
    public void Acked(long id) => LastId = Math.Max(LastId, id);

    public void Report(ChatEvent e) => _events.Writer.TryWrite(e);

    /// <summary>Reports the end; nothing follows it.</summary>
    public void End(SessionEnded ended)
    {
        _events.Writer.TryWrite(ended);
        _events.Writer.TryComplete();
    }

    // Room names are case-insensitive and shown in lower case; the server's own NFC step is left to it:
    // a name typed in another normalisation only costs a fresh history instead of a resume.
    private static string RoomKey(string room) => room.Trim().ToLowerInvariant();
}
