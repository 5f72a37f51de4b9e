using System.Text;

namespace ChatRoom.Cli;

/// <summary>
/// Lays a line out in rows for a screen so many columns wide. The first row starts as the line does
/// (with the time, which the terminal chat writes itself); every later row, where the text broke or
/// was wrapped, starts with <see cref="Indent"/>. So text from the network never starts a row, and
/// nobody can make a row that looks like the start of another line.
/// </summary>
public static class LineLayout
{
    /// <summary>Under the time (<c>HH:mm:ss </c>) and two more, as the plain-text format indents.</summary>
    public const string Indent = "           ";

    /// <summary>A narrower screen is laid out this wide anyway: the indent needs room beside it.</summary>
    public const int MinColumns = 40;

    private const int TabStop = 8;

    /// <summary>
    /// The rows of <paramref name="line"/>: hidden characters (<see cref="ScreenText"/>) left out,
    /// tabs expanded, every line break starting an indented row, and wrapped between words (or wide
    /// characters) where a word fits on a row (else within it) so that no row is wider than
    /// <paramref name="columns"/>.
    /// </summary>
    public static IReadOnlyList<string> Rows(string line, int columns)
    {
        var rows = new RowWriter(Math.Max(columns, MinColumns));
        for (var i = 0; i < line.Length;)
        {
            Rune.DecodeFromUtf16(line.AsSpan(i), out var rune, out var used);
            i += used;
            if (ScreenText.IsLineBreak(rune))
            {
                i += rune.Value == '\r' && i < line.Length && line[i] == '\n' ? 1 : 0;
                rows.Break();
            }
            else if (rune.Value == '\t')
            {
                rows.Tab(TabStop);
            }
            else if (!ScreenText.IsHidden(rune))
            {
                rows.Add(rune);
            }
        }

        return rows.End();
    }

    /// <summary>The rows so far and the one being filled.</summary>
    private sealed class RowWriter(int columns)
    {
        private readonly List<string> _done = [];
        private readonly StringBuilder _row = new();
        private int _column;

        // Where the row may end: its length and column just after its last space or wide character, or -1.
        private int _breakLength = -1;
        private int _breakColumn;

        // The row continues one that was wrapped: the spaces the wrap fell on are not carried over.
        private bool _wrapped;

        public void Add(Rune rune)
        {
            var isSpace = rune.Value == ' ';
            if (isSpace && _wrapped && _row.Length == Indent.Length)
            {
                return;
            }

            var width = ScreenText.Columns(rune);
            if (_column + width > columns)
            {
                // A space that does not fit ends the row where it is; a word goes on to the next.
                Wrap(isSpace ? null : width);
                if (isSpace)
                {
                    return;
                }
            }

            Span<char> chars = stackalloc char[2];
            _row.Append(chars[..rune.EncodeToUtf16(chars)]);
            _column += width;
            // A row may end after a space, or after a wide character: CJK text breaks between any two.
            if ((isSpace || width > 1) && _column > Indent.Length)
            {
                (_breakLength, _breakColumn) = (_row.Length, _column);
            }
        }

        public void Tab(int stop)
        {
            for (var spaces = stop - (_column % stop); spaces > 0; spaces--)
            {
                Add(new Rune(' '));
            }
        }

        public void Break()
        {
            Emit();
            _wrapped = false;
        }

        public List<string> End()
        {
            Emit();
            return _done;
        }

        /// <summary>
        /// Ends the row before a character that does not fit; given that character's width, the
        /// row's last word goes on with it when the two fit a row of their own.
        /// </summary>
        private void Wrap(int? nextWidth)
        {
            var carried = _breakLength < 0 ? 0 : _column - _breakColumn;
            var carry = "";
            if (nextWidth is { } width && carried > 0 && Indent.Length + carried + width <= columns)
            {
                carry = _row.ToString(_breakLength, _row.Length - _breakLength);
                _row.Length = _breakLength;
            }

            Emit();
            _row.Append(carry);
            _column += carry.Length == 0 ? 0 : carried;
            _wrapped = true;
        }

        private void Emit()
        {
            _done.Add(_row.ToString().TrimEnd(' '));
            _row.Clear().Append(Indent);
            _column = Indent.Length;
            _breakLength = -1;
        }
    }
}
