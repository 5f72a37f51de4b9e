using ChatRoom.Model;
using ChatRoom.Protocol;
using ChatRoom.Wire;

namespace ChatRoom.Tests.Unit;

public sealed class ChatInputTests
{
    [Fact]
    public void Text_is_a_message() => Assert.Equal(new Say("hello", false), ChatInput.Parse("hello"));

    [Fact]
    public void Me_is_an_action() => Assert.Equal(new Say("waves", true), ChatInput.Parse("/me waves"));

    [Fact]
    public void Me_without_an_action_is_a_usage_error() => Assert.IsType<Unknown>(ChatInput.Parse("/me"));

    [Fact]
    public void Double_slash_sends_a_message_starting_with_slash() => Assert.Equal(new Say("/shrug", false), ChatInput.Parse("//shrug"));

    [Fact]
    public void Nick_takes_the_rest_of_the_line() => Assert.Equal(new Rename("mary jane"), ChatInput.Parse("/nick   mary jane"));

    [Theory]
    [InlineData("/who")]
    [InlineData("/WHO")]
    [InlineData("/who extra words")]
    public void Who_asks_for_the_member_list(string text) => Assert.IsType<Who>(ChatInput.Parse(text));

    [Fact]
    public void Help_asks_for_the_command_list() => Assert.IsType<Help>(ChatInput.Parse("/help"));

    [Fact]
    public void An_unknown_command_names_itself()
    {
        var unknown = Assert.IsType<Unknown>(ChatInput.Parse("/dance now"));
        Assert.Contains("/dance", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_text_names_every_command()
    {
        foreach (var command in new[] { "/nick", "/me", "/who", "/rooms", "/help", "//" })
        {
            Assert.Contains(command, ChatInput.HelpText, StringComparison.Ordinal);
        }
    }
}
