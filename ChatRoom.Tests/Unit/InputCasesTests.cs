using ChatRoom.Protocol;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Unit;

/// <summary>The .NET input rules (server and client alike) against the shared case file.</summary>
public sealed class InputCasesTests
{
    public static TheoryData<string, string, string, string?, string?> Cases => InputCases.Rows();

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_typed_line_is_cleaned_and_read_as_the_cases_say(
        string input, string clean, string kind, string? text, string? command)
    {
        Assert.Equal(clean, MessageText.Clean(input));
        var actual = ChatInput.Read(input) switch
        {
            EmptyLine => new InputCase(input, clean, "empty", null, null),
            Say { IsAction: false } say => new InputCase(input, clean, "message", say.Text, null),
            Say say => new InputCase(input, clean, "action", say.Text, null),
            Command other => new InputCase(input, clean, "command", null, other.Word),
            var unexpected => throw new InvalidOperationException($"unexpected input {unexpected}"),
        };
        Assert.Equal(new InputCase(input, clean, kind, text, command), actual);
    }

    [Fact]
    public void The_cases_cover_every_kind() =>
        Assert.Equal(["action", "command", "empty", "message"], InputCases.All.Select(c => c.Kind).Distinct().Order());
}
