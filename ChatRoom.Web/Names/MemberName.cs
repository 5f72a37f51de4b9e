using System.Globalization;
using System.Text;

namespace ChatRoom.Names;

/// <summary>
/// The rules for nicknames, after Unicode's for identifiers (UTS #31, #39): 1–32 letters of any
/// script, digits, spaces, <c>_</c>, <c>-</c> or <c>.</c>; a letter may carry combining marks
/// (Devanagari vowel signs, Hebrew niqqud, Arabic harakat); nothing invisible
/// (Default_Ignorable_Code_Point: Hangul fillers, zero-width and bidi controls, variation
/// selectors); not mixing Latin, Greek and Cyrillic letters (<see cref="LookAlikeScripts"/>).
/// A name is kept in NFC, as typed otherwise; two names are the same when their
/// <see cref="NameKey"/> is (<see cref="Fold"/>).
/// </summary>
internal static class MemberName
{
    public const int MaxLength = 32;

    /// <summary>
    /// Marks on one letter: enough for any script's syllable (Hebrew with cantillation: 4), few enough to stop stacks
    /// that overwrite the lines around.
    /// </summary>
    public const int MaxMarksPerLetter = 4;

    public const string Rule = "a name is 1-32 letters (which may carry combining marks), digits, spaces, '_', '-' " +
        "or '.', holds nothing invisible, and does not mix Latin, Greek and Cyrillic letters";

    /// <summary>Trims <paramref name="raw"/>, composes it (NFC) and says whether the result is a valid name.</summary>
    public static bool TryNormalize(string? raw, out string name) => TryNormalize(raw, out name, out _);

    /// <summary>
    /// As <see cref="TryNormalize(string?, out string)"/>; <paramref name="problem"/> says what
    /// is wrong with an invalid name.
    /// </summary>
    public static bool TryNormalize(string? raw, out string name, out string problem)
    {
        name = raw?.Trim() ?? "";
        problem = name.Length == 0 ? Rule : FindInvisible(name) ?? "";
        if (problem.Length > 0)
        {
            return false;
        }

        // Composed first: a decomposed é is one letter, not a letter and a mark to count.
        name = Nfc.Compose(name);
        problem = FindProblem(name) ?? "";
        return problem.Length == 0;
    }

    public static string Guest() => $"guest-{Random.Shared.Next(1000, 10000)}";

    /// <summary>
    /// <paramref name="name"/> itself when free, else the first free <c>name-2</c>, <c>name-3</c>, …
    /// shortened so the result still fits <see cref="MaxLength"/>.
    /// </summary>
    public static string MakeUnique(string name, Func<string, bool> isTaken) =>
        Candidates(name).First(candidate => !isTaken(candidate));

    /// <summary>
    /// The names <see cref="MakeUnique"/> tries, in order: a log that decides elsewhere (Redis) tries the same.
    /// </summary>
    public static IEnumerable<string> Candidates(string name)
    {
        yield return name;
        for (var n = 2; ; n++)
        {
            var suffix = $"-{n}";
            yield return Truncate(name, MaxLength - suffix.Length) + suffix;
        }
    }

    /// <summary>
    /// The form two names share when they look alike (<see cref="NameKey"/>): the key uniqueness is decided on.
    /// </summary>
    public static string Fold(string name) => NameKey.Of(name);

    private static string? FindInvisible(string name)
    {
        foreach (var rune in name.EnumerateRunes())
        {
            if (NameKey.IsIgnorable(rune))
            {
                return $"a name may not hold invisible characters ({Code(rune)})";
            }
        }

        return null;
    }

    private static string? FindProblem(string name)
    {
        var count = 0;
        var marks = 0;
        var afterLetter = false;
        var previous = default(Rune);
        foreach (var rune in name.EnumerateRunes())
        {
            if (++count > MaxLength)
            {
                return $"a name is at most {MaxLength} characters";
            }

            if (IsMark(rune, out var enclosing))
            {
                var problem = enclosing ? $"a name may not hold enclosing marks ({Code(rune)})"
                    : !afterLetter ? $"a combining mark ({Code(rune)}) must follow a letter"
                    : ++marks > MaxMarksPerLetter ? $"a letter may carry at most {MaxMarksPerLetter} combining marks"
                    : rune == previous ? $"the same combining mark ({Code(rune)}) twice in a row"
                    : null;
                if (problem is not null)
                {
                    return problem;
                }
            }
            else if (!IsAllowed(rune))
            {
                return $"a name is letters, digits, spaces, '_', '-' or '.' ({Code(rune)} is none of these)";
            }
            else
            {
                marks = 0;
                afterLetter = Rune.IsLetter(rune);
            }

            previous = rune;
        }

        return LookAlikeScripts.AreMixed(name) ? "a name may not mix Latin, Greek and Cyrillic letters" : null;
    }

    private static bool IsMark(Rune rune, out bool enclosing)
    {
        var category = Rune.GetUnicodeCategory(rune);
        enclosing = category == UnicodeCategory.EnclosingMark;
        return enclosing || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    private static bool IsAllowed(Rune rune) =>
        Rune.IsLetterOrDigit(rune) || rune.Value is ' ' or '_' or '-' or '.';

    private static string Code(Rune rune) => $"U+{rune.Value:X4}";

    private static string Truncate(string name, int maxRunes)
    {
        var length = 0;
        var count = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            if (++count > maxRunes)
            {
                break;
            }

            length += rune.Utf16SequenceLength;
        }

        return name[..length].TrimEnd();
    }
}
