using System.Globalization;
using System.Text;

namespace ChatRoom.Names;

/// <summary>
/// A room's name as the server knows it: 1–32 letters (which may carry combining marks), digits,
/// <c>-</c>, <c>_</c> or <c>.</c>, in NFC and lower case, so <c>Games</c>, <c>GAMES</c> and a
/// decomposed spelling are one room. Nothing invisible, no mix of Latin, Greek and Cyrillic
/// letters, and no compatibility forms (fullwidth, mathematical or ligature letters), which would
/// make a second room that looks like the first: the rules a nickname follows, without spaces.
/// </summary>
internal readonly record struct RoomName
{
    public const int MaxLength = MemberName.MaxLength;

    public const string Rule = "a room name is 1-32 letters (which may carry combining marks), digits, '-', '_' " +
        "or '.', holds nothing invisible, and does not mix Latin, Greek and Cyrillic letters";

    private RoomName(string value) => Value = value;

    /// <summary>NFC, lower case: what the room is shown as, and the key it is found by.</summary>
    public string Value { get; }

    /// <summary>
    /// Trims <paramref name="raw"/>, composes it (NFC) and lowers its case; false with the reason
    /// when the result is not a room name.
    /// </summary>
    public static bool TryParse(string? raw, out RoomName room, out string problem)
    {
        room = default;
        var trimmed = raw?.Trim() ?? "";
        problem = trimmed.Length == 0 ? Rule : FindForbidden(trimmed) ?? "";
        if (problem.Length > 0)
        {
            return false;
        }

        // The nickname rules decide the rest (length, marks, invisible characters, mixed scripts).
        if (!MemberName.TryNormalize(trimmed, out var composed, out problem))
        {
            problem = problem.Replace("a name", "a room name", StringComparison.Ordinal)
                .Replace("digits, spaces, ", "digits, ", StringComparison.Ordinal);
            return false;
        }

        var lower = composed.ToLowerInvariant();
        problem = FindCompatibilityForm(lower) ?? "";
        room = new RoomName(lower);
        return problem.Length == 0;
    }

    /// <summary>For names the server itself holds (configuration): throws when invalid.</summary>
    public static RoomName Parse(string raw) =>
        TryParse(raw, out var room, out var problem) ? room : throw new FormatException($"'{raw}': {problem}");

    public override string ToString() => Value;

    private static string? FindForbidden(string name)
    {
        foreach (var rune in name.EnumerateRunes())
        {
            if (rune.Value == ' ' || Rune.IsWhiteSpace(rune))
            {
                return "a room name may not hold spaces";
            }

            if (rune.Value == '/' || Rune.IsControl(rune))
            {
                return $"a room name is letters, digits, '-', '_' or '.' ({Code(rune)} is none of these)";
            }
        }

        return null;
    }

    /// <summary>
    /// A letter whose compatibility fold (NFKC case fold) is another letter: fullwidth <c>ｇ</c>,
    /// mathematical bold <c>𝐠</c>, the ligature <c>ﬁ</c>. Such a name shows as a second
    /// <c>general</c>; <c>ß</c> and final <c>ς</c>, whose folds are case rules, are letters of their own.
    /// </summary>
    private static string? FindCompatibilityForm(string lower)
    {
        foreach (var rune in lower.EnumerateRunes())
        {
            if (rune.Value is 'ß' or 'ς' || rune.IsAscii)
            {
                continue;
            }

            var single = rune.ToString();
            if (Nfc.Compose(NameKey.Fold(single)) != single)
            {
                return $"a room name may not hold compatibility forms ({Code(rune)} stands for " +
                    $"'{Nfc.Compose(NameKey.Fold(single))}')";
            }
        }

        return null;
    }

    private static string Code(Rune rune) => string.Create(CultureInfo.InvariantCulture, $"U+{rune.Value:X4}");
}
