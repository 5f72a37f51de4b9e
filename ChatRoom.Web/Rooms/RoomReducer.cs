using ChatRoom.Log;
using ChatRoom.Members;
using ChatRoom.Model;
using ChatRoom.Protocol;
using ChatRoom.Transport;
using ChatRoom.Wire;

namespace ChatRoom.Rooms;

/// <summary>
/// Turns the room's state and one log entry into the next state and the effects the entry has on
/// this instance (<see cref="RoomEffects"/>). No socket, clock, logger or lock: the one reader
/// calls it, entry by entry in position order, and <see cref="RoomOutlet"/> carries out the effects.
/// </summary>
internal sealed class RoomReducer(RoomState state, string instanceId, int maxMessageBytes)
{
    public RoomState State => state;

    public void Load(RoomSnapshot snapshot)
    {
        state.Recent.Clear();
        state.Roster.Clear();
        foreach (var (key, name) in snapshot.Members)
        {
            state.Roster.Add(key, name, snapshot.Verified.Contains(key));
        }

        foreach (var entry in snapshot.EarlierMessages)
        {
            state.Recent.RecordHistory(new EncodedEvent(Sequence(entry)));
        }

        foreach (var entry in snapshot.Recent)
        {
            state.Recent.Record(new EncodedEvent(Sequence(entry)));
            if (entry.Event is MessageDeleted deleted)
            {
                state.Recent.Remove(deleted.Target);
            }
        }

        state.Position = snapshot.Position;
        state.LastId = snapshot.LastId;
        state.MessageCount = snapshot.MessageCount;
        state.Epoch = snapshot.Epoch;
    }

    /// <param name="waiting">The joins waiting here: a local join among them is welcomed.</param>
    public RoomEffects Apply(LogEntry entry, IWaitingJoins waiting)
    {
        var encoded = entry.IsBroadcast ? new EncodedEvent(Sequence(entry)) : null;
        var local = entry.Member is { } key && key.Instance == instanceId ? key.Id : 0;
        var effects = new RoomEffects(entry.Position, encoded, local);
        switch (entry.Event)
        {
            case MemberJoined joined:
                state.Roster.Add(entry.Member!.Value, joined.Name, joined.Verified);
                if (local != 0 && waiting.IsWaiting(local, out var resume))
                {
                    // Built before this join is recorded: the room exactly as of this entry.
                    effects = effects with { Welcome = Welcome(
                        joined,
                        entry.IsBroadcast ? entry.Id : state.LastId,
                        resume) };
                }

                break;
            case MemberLeft:
                state.Roster.Remove(entry.Member!.Value);
                effects = effects with { Left = local != 0 };
                break;
            case MemberRenamed renamed:
                state.Roster.Rename(entry.Member!.Value, renamed.To);
                effects = effects with { RenamedTo = local != 0 ? renamed.To : null };
                break;
            case ChatMessage:
                state.MessageCount++;
                break;
            case Moderated { Action: ModerationAction.Kick } when local != 0:
                effects = effects with { Close = CloseRequest.Kicked };
                break;
            case Moderated { Action: ModerationAction.Ban } banned:
                // The ban holds a subject or an address, not one connection: every instance closes
                // its members that share it (and the one named, should its entry carry no key).
                effects = effects with
                {
                    Close = local != 0 ? CloseRequest.Banned : null,
                    Banned = banned.BanKey.Length > 0 ? banned.BanKey : null,
                };
                break;
            case MessageDeleted deleted:
                state.Recent.Remove(deleted.Target);
                break;
        }

        if (encoded is not null)
        {
            state.Recent.Record(encoded);
            state.LastId = entry.Id;
        }

        state.Position = entry.Position;
        return effects;
    }

    /// <summary>Forgets the room after the log lost continuity; the reader then loads it anew.</summary>
    public void Reset()
    {
        state.Epoch = null;
        state.Roster.Clear();
        state.Recent.Clear();
    }

    private Welcome Welcome(MemberJoined joined, long last, ResumeRequest? resume)
    {
        var resumed = resume is not null && resume.Epoch == state.Epoch
            ? state.Recent.TryGetSince(resume.Since, last, out var missed) ? missed : null
            : null;
        return new Welcome(
            joined.Name,
            joined.Online,
            state.Roster.View.Listed,
            resumed ?? state.Recent.History(),
            maxMessageBytes,
            state.Epoch!,
            last,
            resume is null ? null : resumed is not null)
        {
            UsualHistory = resumed is null ? [] : state.Recent.History(),
            Verified = joined.Verified,
            Room = state.Name.Value ?? "",
            InDefaultRoom = state.IsDefault,
        };
    }

    /// <summary>The event as members see it; a message's sender here gets an ack in its place.</summary>
    private SequencedEvent Sequence(LogEntry entry)
    {
        var origin = entry is { Event: ChatMessage, Member: { } key } && key.Instance == instanceId ? key.Id : 0;
        return new SequencedEvent(entry.Id, entry.Timestamp, entry.Event, origin);
    }
}
