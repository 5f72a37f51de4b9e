using ChatRoom.Names;


namespace ChatRoom.Tests.Unit;

/// <summary>
/// <see cref="NameKey"/> against ICU 72.1: each expected key is what ICU's
/// <c>uspoof_getSkeleton(NFKC_Casefold(name))</c> answers (tools/gen-name-key-table.py checks the
/// whole table the same way), including the cases where folding and mark order interact.
/// </summary>
public sealed class NameKeyTests
{
    [Theory]
    [InlineData("Kate", "kate")]
    [InlineData("\u212Aate", "kate")]
    [InlineData("alice", "alice")]
    [InlineData("al\u0131ce", "alice")]
    [InlineData("\U0001D41A\U0001D425\U0001D422\U0001D41C\U0001D41E", "alice")]
    [InlineData("m", "rn")]
    [InlineData("Stra\u00DFe", "strasse")]
    [InlineData("\u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD", "\u05E9\u05B8\u0307\u05DCl\u0307\u05DD")]
    [InlineData("\u0928\u092E\u0938\u094D\u0924\u0947", "\u0928\u092E\u0938\u094D\u0924\u0947")]
    [InlineData("\uD55C", "\u1112\u1161\u1102")]
    [InlineData("\u314E\u314F\u3134", "\u1112\u1161\u1102")]
    [InlineData("\u03B1\u0345\u0301", "ai\u0301")]
    [InlineData("\u0F40\u0F73\u0F80", "\u0F40\u0F71\u0F72\u0F80")]
    [InlineData("\u1E9E", "ss")]
    [InlineData("\u0645\u064F\u062D\u064E\u0645\u0651\u064E\u062F", "\u0645\u0313\u062D\u0301\u0645\u0651\u0301\u062F")]
    [InlineData("guest-1234", "guest-l234")]
    [InlineData("\u0440\u043E\u0440", "pop")]
    [InlineData("\uFB01x", "fix")]
    [InlineData("\u01C4", "dz\u0306")]
    [InlineData("\u0130stanbul", "i\u0307stanbul")]
    public void The_key_is_ICUs_skeleton_of_the_NFKC_case_fold(string name, string key) =>
        Assert.Equal(key, NameKey.Of(name));

    [Theory]
    [InlineData(0x3164, true)] // Hangul filler
    [InlineData(0x115F, true)]
    [InlineData(0xFFA0, true)]
    [InlineData(0x200D, true)] // zero width joiner
    [InlineData(0x202E, true)] // right-to-left override
    [InlineData(0xE0100, true)] // variation selector 17
    [InlineData('a', false)]
    [InlineData(0x05B8, false)] // Hebrew qamats
    [InlineData(0x094D, false)] // Devanagari virama
    public void Default_ignorable_characters_are_known(int codePoint, bool ignorable) =>
        Assert.Equal(ignorable, NameKey.IsIgnorable(new System.Text.Rune(codePoint)));
}
