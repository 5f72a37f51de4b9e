using ChatRoom.Chat;

namespace ChatRoom.Tests.Unit;

public sealed class MessageTextTests
{
    [Theory]
    [InlineData("  hello  ", "hello")]
    [InlineData("a\u0007b\u001bc", "abc")]
    [InlineData("line1\r\nline2", "line1\nline2")]
    [InlineData("tab\there", "tab\there")]
    [InlineData("\u0085next\u007f", "next")]
    [InlineData(" \n\t ", "")]
    [InlineData("\u0000", "")]
    public void Clean_removes_control_characters_except_newline_and_tab_then_trims(string raw, string expected) =>
        Assert.Equal(expected, MessageText.Clean(raw));
}
