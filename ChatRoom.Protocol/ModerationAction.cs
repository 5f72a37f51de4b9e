namespace ChatRoom.Protocol;

/// <summary>What a moderator does to a member (<c>/delete</c>, which concerns a message, is apart).</summary>
public enum ModerationAction
{
    /// <summary><c>/kick NAME</c>: closed with 4001.</summary>
    Kick,

    /// <summary><c>/mute NAME MINUTES</c>: its messages get error <c>muted</c>.</summary>
    Mute,

    /// <summary><c>/ban NAME MINUTES</c>: kicked, and refused at the upgrade until then.</summary>
    Ban,

    /// <summary><c>/unban NAME</c>: the ban under that name ends.</summary>
    Unban,
}

/// <summary>The words for <see cref="ModerationAction"/> on the wire: in commands, events and the admin API.</summary>
public static class ModerationActions
{
    /// <summary>Minutes when a command gives none: <c>/mute bob</c>.</summary>
    public const int DefaultMinutes = 10;

    /// <summary>The longest mute or ban, a year: longer ones are cut to it.</summary>
    public const int MaxMinutes = 525_600;

    /// <summary><c>kick</c>, <c>mute</c>, <c>ban</c>, <c>unban</c>.</summary>
    public static string Word(this ModerationAction action) => action switch
    {
        ModerationAction.Kick => "kick",
        ModerationAction.Mute => "mute",
        ModerationAction.Ban => "ban",
        ModerationAction.Unban => "unban",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown moderation action"),
    };

    /// <summary>The action <paramref name="word"/> names (lower case, as <see cref="Word"/> writes it).</summary>
    public static bool TryParse(string? word, out ModerationAction action)
    {
        foreach (var candidate in Enum.GetValues<ModerationAction>())
        {
            if (candidate.Word() == word)
            {
                action = candidate;
                return true;
            }
        }

        action = default;
        return false;
    }

    /// <summary>Whether the action lasts: a mute or a ban has minutes, a kick and an unban none.</summary>
    public static bool IsTimed(this ModerationAction action) =>
        action is ModerationAction.Mute or ModerationAction.Ban;
}
