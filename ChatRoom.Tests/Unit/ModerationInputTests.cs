using ChatRoom.Protocol;

namespace ChatRoom.Tests.Unit;

/// <summary>How a moderator's command line reads: NAME may hold spaces; MINUTES is the last word when a whole number.</summary>
public sealed class ModerationInputTests
{
    [Theory]
    [InlineData("/kick bob", ModerationAction.Kick, "bob", 0)]
    [InlineData("/KICK  bob smith ", ModerationAction.Kick, "bob smith", 0)]
    [InlineData("/kick agent 7", ModerationAction.Kick, "agent 7", 0)]
    [InlineData("/unban bob 5", ModerationAction.Unban, "bob 5", 0)]
    [InlineData("/mute bob", ModerationAction.Mute, "bob", 10)]
    [InlineData("/mute bob 5", ModerationAction.Mute, "bob", 5)]
    [InlineData("/mute bob smith 5", ModerationAction.Mute, "bob smith", 5)]
    [InlineData("/mute bob smith", ModerationAction.Mute, "bob smith", 10)]
    [InlineData("/mute 42", ModerationAction.Mute, "42", 10)]
    [InlineData("/mute bob 5m", ModerationAction.Mute, "bob 5m", 10)]
    [InlineData("/mute bob -5", ModerationAction.Mute, "bob -5", 10)]
    [InlineData("/ban bob 0", ModerationAction.Ban, "bob", 1)]
    [InlineData("/ban bob 0060", ModerationAction.Ban, "bob", 60)]
    [InlineData("/ban bob 99999999999999999999", ModerationAction.Ban, "bob", ModerationActions.MaxMinutes)]
    [InlineData("/ban bob 525601", ModerationAction.Ban, "bob", ModerationActions.MaxMinutes)]
    public void A_moderation_names_its_member_and_its_minutes(string line, ModerationAction action, string name, int minutes) =>
        Assert.Equal(new Moderate(action, name, minutes), ChatInput.Parse(line));

    [Theory]
    [InlineData("/delete 42", 42)]
    [InlineData("/DELETE   7", 7)]
    public void A_delete_names_a_message_id(string line, long id) => Assert.Equal(new Delete(id), ChatInput.Parse(line));

    [Theory]
    [InlineData("/kick", "usage: /kick NAME")]
    [InlineData("/ban", "usage: /ban NAME MINUTES")]
    [InlineData("/delete 0", "usage: /delete ID (a message's id)")]
    [InlineData("/delete -3", "usage: /delete ID (a message's id)")]
    [InlineData("/delete 4 2", "usage: /delete ID (a message's id)")]
    public void A_moderation_without_its_argument_is_a_usage_error(string line, string message) =>
        Assert.Equal(message, Assert.IsType<Unknown>(ChatInput.Parse(line)).Message);
}
