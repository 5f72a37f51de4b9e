using System.Text;

namespace ChatRoom.Chat;

/// <summary>
/// The rules for nicknames: 1–32 letters, digits, spaces, <c>_</c>, <c>-</c> or <c>.</c>, in Unicode
/// NFC (so a decomposed <c>josé</c> is the composed one, for display and for uniqueness), and not
/// mixing Latin, Greek and Cyrillic letters (<see cref="LookAlikeScripts"/>).
/// </summary>
public static class MemberName
{
    public const int MaxLength = 32;
    public const string Rule = "a name is 1-32 letters, digits, spaces, '_', '-' or '.', and does not mix Latin, Greek and Cyrillic letters";

    /// <summary>Trims <paramref name="raw"/>, composes it (NFC) and says whether the result is a valid name.</summary>
    public static bool TryNormalize(string? raw, out string name)
    {
        name = raw?.Trim() ?? "";
        if (name.Length == 0)
        {
            return false;
        }

        // Composed first: a decomposed é is a letter plus a combining mark, which is not allowed.
        name = Nfc.Compose(name);

        var count = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            if (++count > MaxLength || !IsAllowed(rune))
            {
                return false;
            }
        }

        return !LookAlikeScripts.AreMixed(name);
    }

    public static string Guest() => $"guest-{Random.Shared.Next(1000, 10000)}";

    /// <summary>
    /// <paramref name="name"/> itself when free, else the first free <c>name-2</c>, <c>name-3</c>, …
    /// shortened so the result still fits <see cref="MaxLength"/>.
    /// </summary>
    public static string MakeUnique(string name, Func<string, bool> isTaken)
    {
        if (!isTaken(name))
        {
            return name;
        }

        for (var n = 2; ; n++)
        {
            var suffix = $"-{n}";
            var candidate = Truncate(name, MaxLength - suffix.Length) + suffix;
            if (!isTaken(candidate))
            {
                return candidate;
            }
        }
    }

    private static bool IsAllowed(Rune rune) =>
        Rune.IsLetterOrDigit(rune) || rune.Value is ' ' or '_' or '-' or '.';

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
