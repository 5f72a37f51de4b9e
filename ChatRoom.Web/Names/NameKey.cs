using System.Collections.Frozen;
using System.IO.Compression;
using System.Text;

namespace ChatRoom.Names;

/// <summary>
/// The key two names share when they look alike: Unicode's confusable skeleton (UTS #39) of the
/// name's NFKC case fold, so <c>Kate</c> and <c>&#x212A;ate</c> (Kelvin sign), <c>alice</c>,
/// <c>al&#x131;ce</c>, fullwidth and mathematical bold <c>alice</c>, and Cyrillic <c>рор</c> and
/// <c>pop</c> are one name. Uniqueness is decided on it, in the room ledger and in Redis alike.
/// </summary>
/// <remarks>
/// Without ICU (invariant globalization), from <see cref="NameKeyTable"/>, generated from ICU 72's
/// NFKC_Casefold and confusables data by tools/gen-name-key-table.py, which checks that this
/// computation equals ICU's <c>skeleton(NFKC_Casefold(name))</c> before writing the table: each
/// character is folded (decomposed), marks are put in canonical order, each character is mapped to
/// its prototype, and marks are ordered again. A key is for comparing, never for showing.
/// </remarks>
internal static class NameKey
{
    private const int HangulBase = 0xAC00, HangulEnd = 0xD7A3, LeadBase = 0x1100, VowelBase = 0x1161,
        TrailBase = 0x11A7;

    private static readonly Tables Data = Tables.Read();

    public static string Of(string name)
    {
        var folded = new List<int>(name.Length + 8);
        foreach (var rune in name.EnumerateRunes())
        {
            AddFolded(folded, rune.Value);
        }

        PutMarksInOrder(folded);
        var mapped = new List<int>(folded.Count + 8);
        foreach (var c in folded)
        {
            if (Data.Prototypes.TryGetValue(c, out var prototype))
            {
                mapped.AddRange(prototype);
            }
            else
            {
                mapped.Add(c);
            }
        }

        PutMarksInOrder(mapped);
        return ToText(mapped);
    }

    private static string ToText(List<int> codePoints)
    {
        var text = new StringBuilder(codePoints.Count);
        Span<char> utf16 = stackalloc char[2];
        foreach (var c in codePoints)
        {
            text.Append(utf16[..new Rune(c).EncodeToUtf16(utf16)]);
        }

        return text.ToString();
    }

    /// <summary>
    /// The NFKC case fold of <paramref name="text"/>, decomposed with marks in canonical order
    /// (before the confusable mapping <see cref="Of"/> adds): compose it to compare it with text.
    /// </summary>
    public static string Fold(string text)
    {
        var folded = new List<int>(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            AddFolded(folded, rune.Value);
        }

        PutMarksInOrder(folded);
        return ToText(folded);
    }

    /// <summary>
    /// Default_Ignorable_Code_Point: characters that show nothing (or nothing of their own) where they stand.
    /// </summary>
    public static bool IsIgnorable(Rune rune)
    {
        var ranges = NameKeyTable.IgnorableRanges;
        for (var i = 0; i < ranges.Length; i += 2)
        {
            if (rune.Value >= ranges[i] && rune.Value <= ranges[i + 1])
            {
                return true;
            }
        }

        return false;
    }

    private static void AddFolded(List<int> folded, int c)
    {
        if (c is >= HangulBase and <= HangulEnd)
        {
            var index = c - HangulBase;
            folded.Add(LeadBase + (index / 588));
            folded.Add(VowelBase + (index % 588 / 28));
            if (index % 28 != 0)
            {
                folded.Add(TrailBase + (index % 28));
            }
        }
        else if (Data.Folds.TryGetValue(c, out var image))
        {
            folded.AddRange(image);
        }
        else
        {
            folded.Add(c);
        }
    }

    /// <summary>Canonical ordering: each run of marks sorted by combining class, stably.</summary>
    private static void PutMarksInOrder(List<int> text)
    {
        for (var i = 1; i < text.Count; i++)
        {
            var cc = ClassOf(text[i]);
            for (var j = i; cc != 0 && j > 0 && ClassOf(text[j - 1]) > cc; j--)
            {
                (text[j - 1], text[j]) = (text[j], text[j - 1]);
            }
        }
    }

    private static int ClassOf(int c) => Data.Classes.TryGetValue(c, out var cc) ? cc : 0;

    private sealed record Tables(FrozenDictionary<int, int[]> Folds, FrozenDictionary<int, int[]> Prototypes,
        FrozenDictionary<int, byte> Classes)
    {
        public static Tables Read()
        {
            using var zlib = new ZLibStream(new MemoryStream(Convert.FromBase64String(NameKeyTable.Packed)),
                CompressionMode.Decompress);
            using var data = new MemoryStream();
            zlib.CopyTo(data);
            var reader = new VarintReader(data.ToArray());
            var folds = ReadMappings(reader);
            var prototypes = ReadMappings(reader);
            var classes = new Dictionary<int, byte>();
            for (int count = reader.Next(), i = 0, c = 0; i < count; i++)
            {
                c += reader.Next();
                classes[c] = (byte)reader.Next();
            }

            return new Tables(folds, prototypes, classes.ToFrozenDictionary());
        }

        private static FrozenDictionary<int, int[]> ReadMappings(VarintReader reader)
        {
            var mappings = new Dictionary<int, int[]>();
            for (int count = reader.Next(), i = 0, c = 0; i < count; i++)
            {
                c += reader.Next();
                var image = new int[reader.Next()];
                for (var k = 0; k < image.Length; k++)
                {
                    image[k] = reader.Next();
                }

                mappings[c] = image;
            }

            return mappings.ToFrozenDictionary();
        }
    }

    private sealed class VarintReader(byte[] data)
    {
        private int _offset;

        public int Next()
        {
            var value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = data[_offset++];
                value |= (b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }
    }
}
