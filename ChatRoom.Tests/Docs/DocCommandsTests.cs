using System.Diagnostics;
using System.Text.RegularExpressions;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Docs;

/// <summary>
/// The docs cannot rot: every command in a shell block of README.md or docs/*.md is either one
/// that CI runs (the allow-list below, each entry with the file that runs it and a piece of that
/// file proving it still does) or a safe one this test runs itself (curl against a real server).
/// A new command in the docs fails here until it is run somewhere.
/// </summary>
public sealed partial class DocCommandsTests
{
    /// <summary>A command the docs show, where it runs, and text of that file that shows it is run there.</summary>
    private sealed record RunElsewhere(string Command, string RunBy, string Evidence, string How);

    private static readonly RunElsewhere[] AllowList =
    [
        new("dotnet run --project ChatRoom.Web", ".ci/smoke", "dotnet run --project ChatRoom.Web",
            "the smoke test starts the server exactly so, then chats through it with wscat"),
        new("dotnet test", ".ci/run", "dotnet test 2>&1", "CI's test step"),
        new("npm install -g wscat", ".ci/run", "npm install -g --no-audit --no-fund wscat@",
            "CI installs wscat so (pinned, quieter)"),
        new("wscat -c \"ws://localhost:8080/ws?name=alice\"", ".ci/smoke", "wscat -c \"ws://localhost:8080/ws?name=alice\"",
            "the smoke test's second member"),
        new("dotnet run --project ChatRoom.Cli -- ws://localhost:8080/ws --name alice", "ChatRoom.Tests/Client/TerminalChatTests.cs", "--name alice",
            "TerminalChatTests runs the CLI's built dll with a server's /ws URL and --name alice, in tmux"),
        new("dotnet pack ChatRoom.Cli -o nupkg && dotnet tool install -g --add-source nupkg ChatRoom.Cli", ".ci/smoke", "dotnet tool install --tool-path",
            "the smoke test packs the CLI and installs it as a tool (into a tool path, not -g), then runs it"),
        new("chatroom ws://localhost:8080/ws --name alice", ".ci/smoke", "\"$tools/chatroom\" \"ws://localhost:8080/ws\" --name",
            "the smoke test runs the installed tool against its server"),
        new("docker build -t chatroom .", ".ci/container-test", "docker build -t chatroom",
            "the docker client, through podman system service (local base images as build arguments)"),
        new("docker run --rm -p 8080:8080 chatroom", ".ci/container-test", "docker run --rm -d --name \"$RUN_ID-docker\" -p 127.0.0.1::8080 chatroom",
            "the docker client runs the image (detached, on a port the engine picks)"),
        new("docker run --rm -p 8080:8080 -e Chat__MaxMembers=500 chatroom", ".ci/container-test", "-e Chat__MaxMembers=",
            "the image started with a Chat__MaxMembers variable (-1 there, to see it refused and named)"),
        new("docker run --rm -p 8080:8080 -e 'Serilog__WriteTo__0__Args__formatter=Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact' chatroom",
            ".ci/container-test", "Serilog__WriteTo__0__Args__formatter=Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact",
            "the image run with this variable; every log line is checked to be JSON"),
        new("docker compose up --build", ".ci/compose-test", "compose up", "compose.yaml, run with podman-compose"),
        new("dotnet user-jwts create --project ChatRoom.Web --name alice --role moderator", "ChatRoom.Tests/Docs/UserJwtsWalkthroughTests.cs",
            "\"create\", \"--project\", \"ChatRoom.Web\", \"--name\", \"alice\", \"--role\", \"moderator\"",
            "the walkthrough test runs user-jwts so on a copy of the project, then joins the server in Development with the token"),
        new("redis-server --port 6380 --save \"\" --appendonly yes", "ChatRoom.Tests/Infrastructure/RedisProcess.cs", "\"--appendonly\"",
            "the Redis tests start redis-server so, on a free loopback port instead of 6380"),
        new("Redis__Configuration=localhost:6380 dotnet run --project ChatRoom.Web --urls http://localhost:8081", "ChatRoom.Tests/Redis/InstanceDeathTests.cs", "ServerProcess.StartAsync(RedisInstances.Arguments(redis))",
            "InstanceDeathTests starts instances as processes of their own (ServerProcess: the built app with --urls) with Redis:Configuration"),
        new("Redis__Configuration=localhost:6380 dotnet run --project ChatRoom.Web --urls http://localhost:8082 --no-build", "ChatRoom.Tests/Redis/InstanceDeathTests.cs", "ServerProcess.StartAsync(RedisInstances.Arguments(redis))",
            "the second instance, as above, on the same redis-server"),
    ];

    [Fact]
    public void Every_command_in_the_docs_is_run_by_CI_or_by_this_test()
    {
        var unknown = new List<string>();
        foreach (var (file, line, command) in ShellCommands())
        {
            if (AllowList.Any(e => e.Command == command) || TestFolderFilter(command) is not null || IsCurlRunHere(command))
            {
                continue;
            }

            unknown.Add($"{file}:{line}: {command}");
        }

        Assert.True(unknown.Count == 0,
            "Commands in the docs that nothing runs. Run each in CI (and add it to DocCommandsTests.AllowList with where) " +
            "or make it one this test runs:\n  " + string.Join("\n  ", unknown));
    }

    [Fact]
    public void Every_allow_list_entry_is_still_run_where_it_says_and_still_in_the_docs()
    {
        var shown = ShellCommands().Select(c => c.Command).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in AllowList)
        {
            var runBy = Path.Combine(MarkdownDocs.Root, entry.RunBy);
            Assert.True(File.Exists(runBy), $"{entry.Command}: {entry.RunBy} does not exist");
            Assert.True(File.ReadAllText(runBy).Contains(entry.Evidence, StringComparison.Ordinal),
                $"{entry.Command}: {entry.RunBy} no longer contains '{entry.Evidence}' ({entry.How})");
            Assert.True(shown.Contains(entry.Command), $"'{entry.Command}' is in the allow-list but in no doc: remove the entry");
        }
    }

    [Fact]
    public void A_test_filter_in_the_docs_selects_tests_that_exist()
    {
        foreach (var (file, line, command) in ShellCommands())
        {
            if (TestFolderFilter(command) is { } selected)
            {
                // The filter matches by namespace: the files there must declare the one it names.
                var path = Path.Combine(MarkdownDocs.Root, "ChatRoom.Tests", selected);
                string[] sources = File.Exists(path) ? [path] : Directory.Exists(path) ? Directory.GetFiles(path, "*.cs") : [];
                var folder = selected.Split('/')[0];
                Assert.True(sources.Any(f => File.ReadAllText(f).Contains($"namespace ChatRoom.Tests.{folder};", StringComparison.Ordinal)),
                    $"{file}:{line}: no tests in namespace ChatRoom.Tests.{folder} at ChatRoom.Tests/{selected} for '{command}'");
            }
        }
    }

    [Fact]
    public async Task The_curl_commands_in_the_docs_succeed_against_a_real_server()
    {
        var curls = ShellCommands().Where(c => IsCurlRunHere(c.Command)).ToList();
        Assert.NotEmpty(curls);
        await using var server = ChatServer.OnKestrel();
        var authority = server.BaseAddress.Authority;
        foreach (var (file, line, command) in curls)
        {
            // Only the host changes; --fail makes an HTTP error a failed command, as a reader would see it.
            var arguments = "--fail --silent --show-error --max-time 10 " + command["curl ".Length..].Replace("localhost:8080", authority, StringComparison.Ordinal);
            var (exitCode, output) = await RunShellAsync("curl " + arguments);
            Assert.True(exitCode == 0, $"{file}:{line}: '{command}' exited {exitCode}: {output}");
        }
    }

    [Fact]
    public void Commands_are_in_shell_blocks_where_this_test_sees_them()
    {
        // An indented code block or an unlabelled fence would hide a command from the checks above.
        // docs/performance.md's recipes are measurements run by hand on a quiet machine, not
        // something CI can repeat: they stay out of the command checks.
        string[] notebooks = ["docs/performance.md"];
        var hidden = new List<string>();
        foreach (var file in MarkdownDocs.Files.Except(notebooks))
        {
            hidden.AddRange(MarkdownDocs.FencedBlocks(file).Where(b => b.Language.Length == 0).Select(b => $"{file}:{b.Line}: a fence without a language"));
            var lines = MarkdownDocs.Read(file).Split('\n');
            var inFence = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].TrimEnd('\r');
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
                {
                    inFence = !inFence;
                }
                else if (!inFence && IndentedCommandRegex().IsMatch(line))
                {
                    hidden.Add($"{file}:{i + 1}: {line.Trim()} (put commands in a ```bash block)");
                }
            }
        }

        Assert.True(hidden.Count == 0, string.Join("\n", hidden));
    }

    [Fact]
    public void Every_relative_link_points_to_a_file_that_exists()
    {
        var broken = new List<string>();
        foreach (var file in MarkdownDocs.Files)
        {
            var folder = Path.GetDirectoryName(Path.Combine(MarkdownDocs.Root, file))!;
            foreach (var link in MarkdownDocs.RelativeLinks(file))
            {
                var parts = link.Split('#', 2);
                var target = parts[0].Length == 0 ? Path.Combine(MarkdownDocs.Root, file) : Path.GetFullPath(Path.Combine(folder, Uri.UnescapeDataString(parts[0])));
                if (!File.Exists(target) && !Directory.Exists(target))
                {
                    broken.Add($"{file}: ({link}): no such file");
                }
                else if (parts.Length == 2 && target.EndsWith(".md", StringComparison.Ordinal)
                    && !MarkdownDocs.Anchors(Path.GetRelativePath(MarkdownDocs.Root, target)).Contains(parts[1]))
                {
                    broken.Add($"{file}: ({link}): no heading #{parts[1]}");
                }
            }
        }

        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    [Fact]
    public void The_architecture_pages_layout_shows_every_top_level_folder()
    {
        // What git does not track (.gitignore) is not part of the layout.
        string[] untracked = [".git", ".vs", "bin", "obj", "artifacts", "TestResults", "node_modules", "BenchmarkDotNet.Artifacts", "nupkg"];
        var layout = MarkdownDocs.FencedBlocks("docs/architecture.md")
            .Single(b => b.Lines.Any(l => l.StartsWith("ChatRoom.Web/", StringComparison.Ordinal)))
            .Lines.Select(l => l.Split(' ', 2)[0]).ToHashSet(StringComparer.Ordinal);
        var missing = Directory.GetDirectories(MarkdownDocs.Root)
            .Select(Path.GetFileName)
            .Where(name => !untracked.Contains(name))
            .Where(name => !layout.Contains(name + "/"))
            .ToList();
        Assert.True(missing.Count == 0, "docs/architecture.md's layout lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_test_class_the_docs_name_exists()
    {
        var classes = Directory.GetFiles(MarkdownDocs.Root, "*Tests.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .ToHashSet(StringComparer.Ordinal);
        var missing = MarkdownDocs.Files
            .SelectMany(file => TestClassRegex().Matches(MarkdownDocs.Read(file)).Select(m => (file, name: m.Groups["name"].Value)))
            .Where(t => !classes.Contains(t.name))
            .Select(t => $"{t.file}: {t.name}")
            .Distinct()
            .ToList();
        Assert.True(missing.Count == 0, "Docs name test classes that do not exist:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_extractor_joins_continuations_and_drops_comments_and_prompts()
    {
        var block = new MarkdownDocs.Block("x.md", 1, "bash",
        [
            "# a comment line",
            "dotnet test      # the whole suite",
            "docker build -t chatroom \\",
            "  --build-arg A=b .",
            "$ echo 'a # not a comment'",
            "",
        ]);
        Assert.Equal(["dotnet test", "docker build -t chatroom --build-arg A=b .", "echo 'a # not a comment'"], MarkdownDocs.Commands(block));
    }

    private static IEnumerable<(string File, int Line, string Command)> ShellCommands() =>
        MarkdownDocs.Files
            .SelectMany(MarkdownDocs.FencedBlocks)
            .Where(MarkdownDocs.IsShell)
            .SelectMany(b => MarkdownDocs.Commands(b).Select(c => (b.File, b.Line, c)));

    /// <summary>
    /// <c>dotnet test --project ChatRoom.Tests -- --filter-class 'ChatRoom.Tests.FOLDER.*'</c> (or
    /// <c>.FOLDER.CLASS</c>): a part of the <c>dotnet test</c> that .ci/run runs. Returns the test
    /// file or folder it selects, relative to ChatRoom.Tests.
    /// </summary>
    private static string? TestFolderFilter(string command) =>
        TestFolderFilterRegex().Match(command) is { Success: true } match
            ? match.Groups["class"].Success ? $"{match.Groups["folder"].Value}/{match.Groups["class"].Value}.cs" : match.Groups["folder"].Value
            : null;

    /// <summary>A single curl to the documented address, nothing a shell would do more with.</summary>
    private static bool IsCurlRunHere(string command) =>
        command.StartsWith("curl ", StringComparison.Ordinal)
        && command.Contains("localhost:8080/", StringComparison.Ordinal)
        && command.IndexOfAny([';', '&', '|', '`', '$', '>', '<']) < 0;

    private static async Task<(int ExitCode, string Output)> RunShellAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex(@"^dotnet test --project ChatRoom\.Tests -- --filter-class 'ChatRoom\.Tests\.(?<folder>[A-Za-z]+)\.(\*|(?<class>[A-Za-z]+Tests))'$")]
    private static partial Regex TestFolderFilterRegex();

    /// <summary>A line of an indented code block that starts like a command.</summary>
    [GeneratedRegex(@"^( {4,}|\t)(\$ )?([A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(dotnet|docker|podman|curl|wscat|chatroom|npm|redis-server|apt-get|bench/|\.ci/|bash|ulimit|git|python3?|tools/)\b")]
    private static partial Regex IndentedCommandRegex();

    [GeneratedRegex(@"`(?<name>[A-Z][A-Za-z]+Tests)`")]
    private static partial Regex TestClassRegex();
}
