using System.Text;

namespace ChatRoom.Protocol;

/// <summary>Turns what a person typed into the text the room shows.</summary>
public static class MessageText
{
    /// <summary>
    /// Removes control characters other than line feed and tab (so nobody can move a terminal's
    /// cursor or forge lines with carriage returns), then trims white space. Empty means "send nothing".
    /// </summary>
    public static string Clean(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var firstControl = IndexOfUnwantedControl(raw);
        if (firstControl < 0)
        {
            return raw.Trim();
        }

        var builder = new StringBuilder(raw.Length);
        builder.Append(raw, 0, firstControl);
        for (var i = firstControl; i < raw.Length; i++)
        {
            if (!IsUnwantedControl(raw[i]))
            {
                builder.Append(raw[i]);
            }
        }

        return builder.ToString().Trim();
    }

    private static int IndexOfUnwantedControl(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnwantedControl(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsUnwantedControl(char c) => char.IsControl(c) && c is not '\n' and not '\t';
}
