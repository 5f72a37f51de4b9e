using System.Buffers;
using System.Text;

namespace ChatRoom.Chat;

/// <summary>
/// Bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C: they reorder what follows
/// them, up to the end of the line) and zero-width characters (U+200B–U+200D, U+2060, U+FEFF):
/// invisible, yet they make a text read as another. The plain-text format leaves them out of what
/// members wrote; JSON carries the text as sent, for the client to isolate (the page does).
/// </summary>
public static class InvisibleFormatting
{
    private static readonly SearchValues<char> Characters =
        SearchValues.Create("\u061C\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2060\u2066\u2067\u2068\u2069\uFEFF");

    /// <summary><paramref name="text"/> without them; the same string when it has none.</summary>
    public static string Strip(string text)
    {
        var rest = text.AsSpan();
        var next = rest.IndexOfAny(Characters);
        if (next < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        while (next >= 0)
        {
            builder.Append(rest[..next]);
            rest = rest[(next + 1)..];
            next = rest.IndexOfAny(Characters);
        }

        return builder.Append(rest).ToString();
    }
}
