using System.Text;

namespace ChatRoom.Names;

/// <summary>
/// Latin, Greek and Cyrillic share many letter shapes (Cyrillic <c>а</c>, Greek <c>ο</c>, Latin
/// <c>a</c>, <c>o</c>): a name that mixes them can impersonate another (<c>аlice</c> beside
/// <c>alice</c>). A name may use one of the three, with any letters of other scripts.
/// </summary>
/// <remarks>
/// Ranges, not a full Unicode script table: .NET has no script API, and these blocks hold every
/// letter of the three scripts a name can contain. Fullwidth Latin (<c>ａlice</c>) counts as a
/// fourth script, so it cannot be mixed with ordinary Latin either. A name wholly in one script
/// that looks like a name in another (Cyrillic <c>рор</c>, Latin <c>pop</c>) is allowed, and is
/// the same name as the other (<see cref="NameKey"/>): this rule still matters because it refuses
/// a mixed name even while the name it imitates is not present to collide with.
/// </remarks>
internal static class LookAlikeScripts
{
    private enum Script
    {
        Other,
        Latin,
        Greek,
        Cyrillic,
        FullwidthLatin,
    }

    /// <summary>
    /// True when <paramref name="name"/>'s letters come from more than one of the look-alike scripts.
    /// </summary>
    public static bool AreMixed(string name)
    {
        var seen = Script.Other;
        foreach (var rune in name.EnumerateRunes())
        {
            var script = ScriptOf(rune);
            if (script == Script.Other)
            {
                continue;
            }

            if (seen != Script.Other && seen != script)
            {
                return true;
            }

            seen = script;
        }

        return false;
    }

    private static Script ScriptOf(Rune rune) => rune.Value switch
    {
        >= 'A' and <= 'Z' or >= 'a' and <= 'z' => Script.Latin,
        >= 0x00C0 and <= 0x02AF => Script.Latin, // Latin-1 letters, Extended-A/B, IPA
        >= 0x1E00 and <= 0x1EFF => Script.Latin, // Latin Extended Additional
        >= 0x2C60 and <= 0x2C7F or >= 0xA720 and <= 0xA7FF or >= 0xAB30 and <= 0xAB6F => Script.Latin,
        >= 0x0370 and <= 0x03FF or >= 0x1F00 and <= 0x1FFF => Script.Greek,
        >= 0x0400 and <= 0x052F or >= 0x1C80 and <= 0x1C8F or >= 0x2DE0 and <= 0x2DFF or >= 0xA640 and <= 0xA69F =>
            Script.Cyrillic,
        >= 0xFF21 and <= 0xFF3A or >= 0xFF41 and <= 0xFF5A => Script.FullwidthLatin,
        _ => Script.Other,
    };
}
