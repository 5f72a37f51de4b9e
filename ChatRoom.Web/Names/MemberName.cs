using System.Text;

namespace ChatRoom.Names;

/// <summary>
/// The rules for nicknames: 1–32 letters, digits, spaces, <c>_</c>, <c>-</c> or <c>.</c>, in Unicode
/// NFC (so a decomposed <c>josé</c> is the composed one, for display and for uniqueness), and not
/// mixing Latin, Greek and Cyrillic letters (<see cref="LookAlikeScripts"/>).
/// </summary>
internal static class MemberName
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
    public static string MakeUnique(string name, Func<string, bool> isTaken) =>
        Candidates(name).First(candidate => !isTaken(candidate));

    /// <summary>The names <see cref="MakeUnique"/> tries, in order: a log that decides elsewhere (Redis) tries the same.</summary>
    public static IEnumerable<string> Candidates(string name)
    {
        yield return name;
        for (var n = 2; ; n++)
        {
            var suffix = $"-{n}";
            yield return Truncate(name, MaxLength - suffix.Length) + suffix;
        }
    }

    /// <summary>The form two names share when they differ only in case: the key uniqueness is decided on.</summary>
    public static string Fold(string name) => name.ToUpperInvariant();

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
