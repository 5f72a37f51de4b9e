using ChatRoom.Names;

namespace ChatRoom.Tests.Unit;

/// <summary>What a room name is: composed, lower case, letters of any script; look-alike forms refused.</summary>
public sealed class RoomNameRulesTests
{
    [Theory]
    [InlineData("General", "general")]
    [InlineData("straße", "straße")]
    [InlineData("ΟΔΟΣ", "οδοσ")]
    [InlineData("한국어", "한국어")]
    [InlineData("नमस्ते", "नमस्ते")]
    [InlineData("ЧАТ-1.2_9", "чат-1.2_9")]
    [InlineData("  spaced  ", "spaced")]
    public void A_room_name_is_trimmed_composed_and_lower_case(string raw, string expected)
    {
        Assert.True(RoomName.TryParse(raw, out var room, out var problem), problem);
        Assert.Equal(expected, room.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("😀")]
    [InlineData("a b")]
    [InlineData("a\tb")]
    [InlineData("ﬁle")]
    [InlineData("Ｇａｍｅｓ")]
    [InlineData("gаmes")]
    [InlineData("a\u200Db")]
    [InlineData("\u0301a")]
    public void Anything_else_is_refused_with_a_reason(string raw)
    {
        Assert.False(RoomName.TryParse(raw, out _, out var problem));
        Assert.NotEmpty(problem);
        Assert.DoesNotContain("spaces,", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_counts_code_points_after_composition()
    {
        Assert.True(RoomName.TryParse(string.Concat(Enumerable.Repeat("e\u0301", 32)), out _, out _));
        Assert.False(RoomName.TryParse(new string('a', 33), out _, out _));
    }
}
