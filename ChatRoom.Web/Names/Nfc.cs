using System.Collections.Frozen;
using System.Text;

namespace ChatRoom.Names;

/// <summary>
/// Unicode canonical composition (NFC) of names, without ICU: the server runs with invariant
/// globalization (the chiseled image has no ICU), where <see cref="string.Normalize()"/> composes nothing.
/// </summary>
/// <remarks>
/// Complete for what a name may hold in the BMP (letters, their marks, digits, space, <c>_-.</c>):
/// marks are reordered by combining class and composed with every primary composite letter of the
/// BMP (<see cref="NfcTable"/>, generated) and Hangul syllables. Marks outside the BMP keep their
/// order here; uniqueness does not depend on it (<see cref="NameKey"/> orders every mark).
/// </remarks>
internal static class Nfc
{
    private const int HangulBase = 0xAC00, LeadBase = 0x1100, VowelBase = 0x1161, TrailBase = 0x11A7;
    private const int VowelCount = 21, TrailCount = 28, SyllableCount = 11172;

    private static readonly FrozenDictionary<uint, char> Compositions = ReadCompositions();
    private static readonly FrozenDictionary<char, byte> MarkClasses = ReadMarkClasses();

    public static string Compose(string text)
    {
        if (!text.AsSpan().ContainsAnyExceptInRange('\0', '\u007F'))
        {
            return text;
        }

        var chars = text.ToCharArray();
        ReorderMarks(chars);
        var output = new StringBuilder(chars.Length);
        var starter = -1;
        var lastClass = 0;
        foreach (var c in chars)
        {
            var cc = ClassOf(c);
            var unblocked = starter >= 0 && (output.Length == starter + 1 || (lastClass != 0 && lastClass < cc));
            if (unblocked && TryCompose(output[starter], c, out var composed))
            {
                output[starter] = composed;
                continue;
            }

            if (cc == 0)
            {
                starter = output.Length;
            }

            lastClass = cc;
            output.Append(c);
        }

        return output.ToString();
    }

    /// <summary>Canonical ordering: each run of marks sorted by combining class, stably.</summary>
    private static void ReorderMarks(char[] chars)
    {
        for (var i = 1; i < chars.Length; i++)
        {
            var cc = ClassOf(chars[i]);
            for (var j = i; cc != 0 && j > 0 && ClassOf(chars[j - 1]) > cc; j--)
            {
                (chars[j - 1], chars[j]) = (chars[j], chars[j - 1]);
            }
        }
    }

    private static bool TryCompose(char first, char second, out char composed)
    {
        if (first is >= (char)LeadBase and < (char)(LeadBase + 19)
            && second is >= (char)VowelBase and < (char)(VowelBase + VowelCount))
        {
            composed = (char)(HangulBase + ((((first - LeadBase) * VowelCount) + (second - VowelBase)) * TrailCount));
            return true;
        }

        if (first is >= (char)HangulBase and < (char)(HangulBase + SyllableCount)
            && (first - HangulBase) % TrailCount == 0
            && second is > (char)TrailBase and < (char)(TrailBase + TrailCount))
        {
            composed = (char)(first + (second - TrailBase));
            return true;
        }

        return Compositions.TryGetValue(((uint)first << 16) | second, out composed);
    }

    private static int ClassOf(char c) => MarkClasses.TryGetValue(c, out var cc) ? cc : 0;

    private static FrozenDictionary<uint, char> ReadCompositions()
    {
        var table = NfcTable.Compositions;
        var pairs = new Dictionary<uint, char>(table.Length / 3);
        for (var i = 0; i < table.Length; i += 3)
        {
            pairs[((uint)table[i] << 16) | table[i + 1]] = table[i + 2];
        }

        return pairs.ToFrozenDictionary();
    }

    private static FrozenDictionary<char, byte> ReadMarkClasses()
    {
        var table = NfcTable.MarkClasses;
        var classes = new Dictionary<char, byte>(table.Length / 2);
        for (var i = 0; i < table.Length; i += 2)
        {
            classes[table[i]] = (byte)table[i + 1];
        }

        return classes.ToFrozenDictionary();
    }
}
