using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace ChatRoom.Wire;

/// <summary>
/// Escapes in a JSON string only what JSON requires (<c>"</c>, <c>\</c>, U+0000–U+001F) and
/// U+2028/U+2029; everything else, emoji and CJK included, is written as plain UTF-8. A lone
/// surrogate, which UTF-8 cannot carry, becomes U+FFFD.
/// </summary>
/// <remarks>
/// The built-in encoders escape every character outside the Basic Multilingual Plane whatever
/// ranges they allow, so an emoji costs 12 bytes (<c>\uD83D\uDE00</c>) instead of its 4.
/// HTML-significant characters need no escape either: the page renders text with textContent,
/// the client reads it as text, and the API answers <c>application/json</c> with nosniff.
/// U+2028/U+2029 stay escaped because older JavaScript reads them as line ends in source text.
/// </remarks>
internal sealed class MinimalJsonEncoder : JavaScriptEncoder
{
    public static readonly MinimalJsonEncoder Instance = new();

    /// <summary>The characters to stop at: those escaped, and surrogates (a pair is kept, a lone one is not).</summary>
    private static readonly SearchValues<char> StopAt = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), '"', '\\', '\u2028', '\u2029',
            .. Enumerable.Range(0xD800, 0x800).Select(c => (char)c)]);

    private MinimalJsonEncoder()
    {
    }

    /// <summary><c>\uXXXX</c> for one UTF-16 unit.</summary>
    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar is < 0x20 or '"' or '\\' or 0x2028 or 0x2029 or (>= 0xD800 and <= 0xDFFF);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) =>
        IndexOfFirstToEscape(new ReadOnlySpan<char>(text, textLength));

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength,
        out int numberOfCharactersWritten) =>
        TryWrite(unicodeScalar, new Span<char>(buffer, bufferLength), out numberOfCharactersWritten);

    private static int IndexOfFirstToEscape(ReadOnlySpan<char> text)
    {
        var offset = 0;
        while (true)
        {
            var found = text[offset..].IndexOfAny(StopAt);
            if (found < 0)
            {
                return -1;
            }

            var at = offset + found;
            if (!(char.IsHighSurrogate(text[at]) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1])))
            {
                return at;
            }

            offset = at + 2;
        }
    }

    private static bool TryWrite(int scalar, Span<char> destination, out int written)
    {
        written = 0;
        ReadOnlySpan<char> shortForm = scalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\b' => "\\b",
            '\f' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ => default,
        };
        if (!shortForm.IsEmpty)
        {
            return TryCopy(shortForm, destination, out written);
        }

        if (scalar is >= 0xD800 and <= 0xDFFF)
        {
            return TryCopy("\uFFFD", destination, out written);
        }

        if (!WillEscape(scalar))
        {
            return Rune.IsValid(scalar) && new Rune(scalar).TryEncodeToUtf16(destination, out written);
        }

        if (destination.Length < 6)
        {
            return false;
        }

        "\\u".CopyTo(destination);
        _ = scalar.TryFormat(destination[2..], out _, "X4", CultureInfo.InvariantCulture);
        written = 6;
        return true;
    }

    private static bool WillEscape(int scalar) => scalar is < 0x20 or 0x2028 or 0x2029;

    private static bool TryCopy(ReadOnlySpan<char> text, Span<char> destination, out int written)
    {
        written = text.TryCopyTo(destination) ? text.Length : 0;
        return written > 0;
    }
}
