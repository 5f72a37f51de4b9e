using ChatRoom.Chat;
using ChatRoom.Names;

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

    [Fact]
    public void A_decomposed_name_is_accepted_and_equals_the_composed_one()
    {
        var decomposed = "jose\u0301";
        Assert.True(MemberName.TryNormalize(decomposed, out var fromDecomposed));
        Assert.True(MemberName.TryNormalize("jos\u00e9", out var fromComposed));
        Assert.Equal("jos\u00e9", fromDecomposed);
        Assert.Equal(fromComposed, fromDecomposed);

        // So uniqueness sees one name: the second josé gets a suffix.
        Assert.Equal("jos\u00e9-2", MemberName.MakeUnique(fromDecomposed, n => n == fromComposed));
    }

    [Theory]
    [InlineData("\u0430lice")] // Cyrillic а, then Latin
    [InlineData("p\u0430ypal")] // Cyrillic а inside
    [InlineData("b\u03bfb")] // Greek ο
    [InlineData("\u0430\u03b1")] // Cyrillic and Greek
    [InlineData("\uff41lice")] // fullwidth Latin a
    public void Names_that_mix_Latin_Cyrillic_or_Greek_letters_are_refused(string name) =>
        Assert.False(MemberName.TryNormalize(name, out _));

    [Theory]
    [InlineData("\u0430\u043b\u0438\u0441\u0430")] // алиса: all Cyrillic
    [InlineData("\u03b1\u03bb\u03b9\u03ba\u03b7")] // αλικη: all Greek
    [InlineData("Zoë 2")]
    [InlineData("\u0430\u043b\u0438\u0441\u0430 日本")] // Cyrillic with CJK: no look-alikes between them
    [InlineData("\u0430\u043b\u0438\u0441\u0430_42")]
    public void Names_in_one_of_those_scripts_are_accepted(string name) =>
        Assert.True(MemberName.TryNormalize(name, out _));

    [Theory]
    [InlineData("a\u0323\u0302", "\u1EAD")] // marks in canonical order: ạ then ậ
    [InlineData("a\u0302\u0323", "\u1EAD")] // reordered first, as NFC does
    [InlineData("\u1112\u1161\u11AB", "\uD55C")] // Hangul jamo to the syllable 한
    [InlineData("Zoe\u0308", "Zo\u00EB")]
    public void Names_are_composed_as_Unicode_NFC_does(string raw, string composed)
    {
        Assert.True(MemberName.TryNormalize(raw, out var name));
        Assert.Equal(composed, name);
    }
}
