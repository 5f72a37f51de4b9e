using ChatRoom.Chat;

namespace ChatRoom.Tests.Unit;

public sealed class MemberNameTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("  Zoë_2.0-x  ", "Zoë_2.0-x")]
    [InlineData("mary jane", "mary jane")]
    [InlineData("日本語", "日本語")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", "abcdefghijklmnopqrstuvwxyz012345")]
    public void Valid_names_are_trimmed(string raw, string expected)
    {
        Assert.True(MemberName.TryNormalize(raw, out var name));
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    [InlineData("<script>")]
    [InlineData("a*b")]
    [InlineData("tab\tname")]
    [InlineData("emoji😀")]
    [InlineData(null)]
    public void Invalid_names_are_refused(string? raw) => Assert.False(MemberName.TryNormalize(raw, out _));

    [Fact]
    public void Guest_names_are_valid_and_look_like_guest_NNNN()
    {
        var guest = MemberName.Guest();
        Assert.Matches("^guest-[0-9]{4}$", guest);
        Assert.True(MemberName.TryNormalize(guest, out _));
    }

    [Fact]
    public void A_taken_name_gets_the_first_free_numeric_suffix()
    {
        var taken = new HashSet<string>(["alice", "alice-2"], StringComparer.OrdinalIgnoreCase);
        Assert.Equal("bob", MemberName.MakeUnique("bob", taken.Contains));
        Assert.Equal("ALICE-3", MemberName.MakeUnique("ALICE", taken.Contains));
    }

    [Fact]
    public void A_suffixed_name_still_fits_the_length_limit()
    {
        var longName = new string('x', MemberName.MaxLength);
        var unique = MemberName.MakeUnique(longName, n => n == longName);
        Assert.Equal(new string('x', MemberName.MaxLength - 2) + "-2", unique);
        Assert.True(MemberName.TryNormalize(unique, out _));
    }
}
