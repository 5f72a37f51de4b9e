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
    [InlineData("\u05E9\u05C1\u05B8\u05DC\u05D5\u05B9\u05DD", "\u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD")] // שָׁלוֹם: qamats (18) before shin dot (24)
    public void Names_are_composed_as_Unicode_NFC_does(string raw, string composed)
    {
        Assert.True(MemberName.TryNormalize(raw, out var name));
        Assert.Equal(composed, name);
    }

    [Theory]
    [InlineData("Kate", "\u212Aate")] // Kelvin sign K
    [InlineData("alice", "al\u0131ce")] // dotless i
    [InlineData("alice", "\uFF41\uFF4C\uFF49\uFF43\uFF45")] // fullwidth
    [InlineData("alice", "\U0001D41A\U0001D425\U0001D422\U0001D41C\U0001D41E")] // mathematical bold
    [InlineData("alice", "ALICE")]
    [InlineData("Stra\u00DFe", "STRASSE")] // full case folding
    [InlineData("pop", "\u0440\u043E\u0440")] // Cyrillic рор, wholly in one script
    [InlineData("paypal", "PAYPAL")]
    [InlineData("modern", "rnodern")] // m and rn
    [InlineData("jos\u00E9", "jose\u0301")]
    [InlineData("\u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD", "\u05E9\u05C1\u05B8\u05DC\u05D5\u05B9\u05DD")] // שָׁלוֹם, marks typed in either order
    [InlineData("\uD55C", "\u314E\u314F\u3134")] // 한 and compatibility jamo ㅎㅏㄴ
    public void Names_that_look_alike_are_the_same_name(string first, string second)
    {
        Assert.True(MemberName.TryNormalize(first, out var a));
        Assert.True(MemberName.TryNormalize(second, out var b));
        Assert.Equal(MemberName.Fold(a), MemberName.Fold(b));
        Assert.Equal(b + "-2", MemberName.MakeUnique(b, n => MemberName.Fold(n) == MemberName.Fold(a)));
    }

    [Theory]
    [InlineData("alice", "bob")]
    [InlineData("alice", "alice2")]
    [InlineData("\u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD", "\u05E9\u05DC\u05D5\u05DD")] // niqqud is not nothing
    [InlineData("\u0928\u092E\u0938\u094D\u0924\u0947", "\u0928\u092E\u0938\u0924\u0947")] // नमस्ते and नमसते
    public void Names_that_differ_visibly_are_different_names(string first, string second) =>
        Assert.NotEqual(MemberName.Fold(first), MemberName.Fold(second));

    [Theory]
    [InlineData("bob\u115F")] // Hangul choseong filler
    [InlineData("bob\u3164")] // Hangul filler
    [InlineData("bob\uFFA0")] // halfwidth Hangul filler
    [InlineData("\u3164")] // shows blank
    [InlineData("\u1160bob")]
    [InlineData("bo\u034Fb")] // combining grapheme joiner
    [InlineData("bob\uFE0F")] // variation selector
    [InlineData("bo\u200Bb")] // zero width space
    [InlineData("bo\u200Db")] // zero width joiner
    [InlineData("bob\u202E")] // right-to-left override
    [InlineData("\u2066bob\u2069")] // isolates
    [InlineData("bob\u00AD")] // soft hyphen
    [InlineData("bob\U000E0041")] // tag letter
    [InlineData("\u17B4")] // Khmer inherent vowel, invisible
    public void Invisible_characters_are_refused_with_a_reason_that_names_them(string raw)
    {
        Assert.False(MemberName.TryNormalize(raw, out _, out var problem));
        Assert.Contains("invisible", problem, StringComparison.Ordinal);
        Assert.Matches("U\\+[0-9A-F]{4,5}", problem);
    }

    [Theory]
    [InlineData("\u0928\u092E\u0938\u094D\u0924\u0947")] // नमस्ते
    [InlineData("\u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD")] // שָׁלוֹם with niqqud
    [InlineData("\u0645\u064F\u062D\u064E\u0645\u0651\u064E\u062F")] // مُحَمَّد with harakat
    [InlineData("\u0E2A\u0E21\u0E0A\u0E32\u0E22")] // สมชาย
    [InlineData("\u0BA4\u0BAE\u0BBF\u0BB4\u0BCD")] // தமிழ், spacing marks
    [InlineData("Zo\u00EB 2")]
    public void Names_with_combining_marks_after_letters_are_accepted(string raw) =>
        Assert.True(MemberName.TryNormalize(raw, out _));

    [Theory]
    [InlineData("\u0301alice")] // a mark with nothing to sit on
    [InlineData("bob \u0301")] // on a space
    [InlineData("agent7\u0301")] // on a digit
    [InlineData("x\u0316\u0317\u0318\u0319\u031A")] // more than four marks on one letter
    [InlineData("x\u0316\u0316")] // the same mark twice
    [InlineData("\u20DDa")] // an enclosing mark
    public void Marks_that_do_not_follow_a_letter_are_refused(string raw)
    {
        Assert.False(MemberName.TryNormalize(raw, out _, out var problem));
        Assert.Contains("mark", problem, StringComparison.Ordinal);
    }
}
