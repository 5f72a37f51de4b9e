using System.Buffers;
using System.Globalization;
using System.Text;

namespace ChatRoom.Cli;

/// <summary>
/// What each character that came from the network becomes on the screen: hidden, a line break, or
/// shown in so many columns. The one list of what the terminal chat never prints.
/// </summary>
public static class ScreenText
{
    /// <summary>
    /// Bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C: they reorder what follows
    /// them, up to the end of the line) and zero-width characters (U+200B–U+200D, U+2060, U+FEFF):
    /// invisible, yet they make a text read as another.
    /// </summary>
    private static readonly SearchValues<char> Invisible =
        SearchValues.Create("\u061C\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2060\u2066\u2067\u2068\u2069\uFEFF");

    /// <summary>Hidden: C0 and C1 controls (escape sequences move the cursor and recolour), bidi controls and zero-width characters.</summary>
    public static bool IsHidden(Rune rune) => Rune.IsControl(rune) || rune.IsBmp && Invisible.Contains((char)rune.Value);

    /// <summary>
    /// Unicode's mandatory line breaks (LF, CR, VT, FF, NEL, U+2028, U+2029): a terminal moves down
    /// at the first five, and some show the last two as a new line too. CR LF is one break.
    /// </summary>
    public static bool IsLineBreak(Rune rune) => rune.Value is >= '\n' and <= '\r' or 0x85 or 0x2028 or 0x2029;

    /// <summary>
    /// The columns a terminal gives <paramref name="rune"/>, rounded up where terminals differ: a
    /// row counted too wide wraps a little early, while one counted too narrow would be wrapped by
    /// the terminal and continue at column 0, where member text must never start.
    /// </summary>
    public static int Columns(Rune rune) => rune.Value switch
    {
        // Emoji presentation: the terminal may draw the character before it two columns wide.
        0xFE0F => 1,
        _ when Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark => 0,
        >= 0x1100 and <= 0x115F => 2, // Hangul leading jamo
        >= 0x2300 and <= 0x23FF => 2, // technical symbols, among them emoji (⌚, ⏩)
        >= 0x25A0 and <= 0x27BF => 2, // shapes, symbols and dingbats, many emoji
        >= 0x2B00 and <= 0x2BFF => 2, // symbols and arrows (⭐, ⭕)
        >= 0x2E80 and <= 0x303E => 2, // CJK radicals, punctuation, ideographic space
        >= 0x3041 and <= 0xA4CF => 2, // kana, CJK ideographs, Yi
        >= 0xA960 and <= 0xA97F => 2, // Hangul jamo extended
        >= 0xAC00 and <= 0xD7A3 => 2, // Hangul syllables
        >= 0xE000 and <= 0xFAFF => 2, // private use (icon fonts draw some two wide), CJK compatibility
        >= 0xFE10 and <= 0xFE19 => 2, // vertical forms
        >= 0xFE30 and <= 0xFE6F => 2, // CJK compatibility forms, small forms
        >= 0xFF00 and <= 0xFF60 => 2, // fullwidth forms
        >= 0xFFE0 and <= 0xFFE6 => 2,
        >= 0x10000 => 2, // emoji and CJK extensions; the few narrow scripts up there wrap early
        _ => 1,
    };
}
