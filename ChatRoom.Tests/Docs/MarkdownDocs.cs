using System.Text;
using System.Text.RegularExpressions;

namespace ChatRoom.Tests.Docs;

/// <summary>
/// The repository's user documents (README.md and docs/*.md) and what the doc tests read from
/// them: the commands in shell blocks, the relative links, the headings.
/// </summary>
public static partial class MarkdownDocs
{
    /// <summary>Fence languages whose every line is a command someone will paste into a shell.</summary>
    private static readonly HashSet<string> ShellLanguages = new(StringComparer.OrdinalIgnoreCase) { "bash", "sh", "shell", "console", "zsh" };

    /// <summary>The checkout: the folder with ChatRoom.sln above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>README.md and docs/*.md, as paths relative to <see cref="Root"/>, with '/' separators.</summary>
    public static IReadOnlyList<string> Files { get; } =
        ["README.md", .. Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static string Read(string file) => File.ReadAllText(Path.Combine(Root, file));

    /// <summary>A fenced code block: its language (empty when none) and its lines.</summary>
    public sealed record Block(string File, int Line, string Language, IReadOnlyList<string> Lines);

    public static IEnumerable<Block> FencedBlocks(string file)
    {
        var lines = Read(file).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = FenceRegex().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var fence = open.Groups["fence"].Value;
            var language = open.Groups["info"].Value.Trim().Split(' ', 2)[0];
            var body = new List<string>();
            var start = i + 1;
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith(fence, StringComparison.Ordinal); i++)
            {
                body.Add(lines[i]);
            }

            yield return new Block(file, start, language, body);
        }
    }

    public static bool IsShell(Block block) => ShellLanguages.Contains(block.Language);

    /// <summary>
    /// The commands of a shell block: continuation lines joined, comments and prompts dropped,
    /// white space collapsed, so that the allow-list compares what a reader would run.
    /// </summary>
    public static IEnumerable<string> Commands(Block block)
    {
        var pending = new StringBuilder();
        foreach (var raw in block.Lines)
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.StartsWith("$ ", StringComparison.Ordinal))
            {
                line = line[2..];
            }

            line = StripComment(line);
            if (line.EndsWith('\\'))
            {
                pending.Append(line[..^1]).Append(' ');
                continue;
            }

            pending.Append(line);
            var command = Normalize(pending.ToString());
            pending.Clear();
            if (command.Length > 0)
            {
                yield return command;
            }
        }

        if (pending.Length > 0)
        {
            yield return Normalize(pending.ToString());
        }
    }

    public static string Normalize(string command) => SpacesRegex().Replace(command.Trim(), " ");

    /// <summary>Relative link targets: markdown links and HTML src/href, without web and mail addresses.</summary>
    public static IEnumerable<string> RelativeLinks(string file)
    {
        var text = Read(file);
        // Code is not a link: drop fenced blocks and inline code first.
        var prose = InlineCodeRegex().Replace(FencedBlockRegex().Replace(text, ""), "");
        foreach (var match in LinkRegex().Matches(prose).Concat(HtmlLinkRegex().Matches(prose)))
        {
            var target = match.Groups["target"].Value;
            if (!target.Contains("://", StringComparison.Ordinal) && !target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                yield return target;
            }
        }
    }

    /// <summary>GitHub's anchors for a document's headings: lower case, punctuation dropped, spaces to hyphens.</summary>
    public static HashSet<string> Anchors(string file)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var prose = FencedBlockRegex().Replace(Read(file), "");
        foreach (Match heading in HeadingRegex().Matches(prose))
        {
            var slug = new StringBuilder();
            foreach (var c in heading.Groups["title"].Value.Trim().ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c is '-' or '_')
                {
                    slug.Append(c);
                }
                else if (c == ' ')
                {
                    slug.Append('-');
                }
            }

            anchors.Add(slug.ToString());
        }

        return anchors;
    }

    /// <summary>A trailing <c># comment</c>, when the <c>#</c> is outside quotes and follows white space.</summary>
    private static string StripComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '#' && i > 0 && char.IsWhiteSpace(line[i - 1]))
            {
                return line[..i].TrimEnd();
            }
        }

        return line;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatRoom.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no ChatRoom.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^\s{0,3}(?<fence>```+|~~~+)(?<info>[^`]*)$")]
    private static partial Regex FenceRegex();

    [GeneratedRegex(@"^\s{0,3}(```+|~~~+)[^\n]*\n.*?^\s{0,3}\1\s*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlockRegex();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCodeRegex();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex LinkRegex();

    [GeneratedRegex(@"\b(?:src|href)=""(?<target>[^""]+)""")]
    private static partial Regex HtmlLinkRegex();

    [GeneratedRegex(@"^#{1,6}\s+(?<title>.+?)\s*#*\s*$", RegexOptions.Multiline)]
    private static partial Regex HeadingRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex SpacesRegex();
}
