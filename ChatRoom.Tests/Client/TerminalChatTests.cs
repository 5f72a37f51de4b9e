using System.Diagnostics;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Client;

/// <summary>
/// The <c>chatroom</c> CLI as people use it: in a real terminal (tmux) beside a wscat member, through
/// a server restart; and with its input and output redirected, as a script uses it.
/// </summary>
public sealed class TerminalChatTests
{
    [Fact]
    public async Task In_a_terminal_it_chats_with_a_wscat_member_survives_a_server_restart_and_leaves_on_Ctrl_C()
    {
        ExternalTools.Require("tmux", "apt-get install -y tmux");
        ExternalTools.Require("wscat", "npm install -g wscat@6.1.0");
        await using var first = ChatServer.OnKestrel();
        await using var proxy = TcpProxy.To(first.BaseAddress);
        await using var screen = new TmuxScreen();

        // alice through a proxy that can cut her connection and stands for the server's address
        // across the restart; the wscat members straight to the server.
        await screen.StartAsync("alice", $"{ExternalTools.DotnetHost} {ExternalTools.CliDll} {ClientConnections.SocketUri(proxy.BaseAddress)} --name alice");
        await screen.WaitForAsync("alice", "connected as alice");
        await screen.StartAsync("bob", $"wscat -c '{first.SocketUri("bob")}'");
        await screen.WaitForAsync("alice", "*** bob joined (2 online)");

        await screen.TypeLineAsync("alice", "hello from the terminal");
        await screen.WaitForAsync("bob", "alice: hello from the terminal");
        await screen.TypeLineAsync("bob", "hi alice");
        await screen.WaitForAsync("alice", "bob: hi alice");
        await screen.TypeLineAsync("alice", "/who");
        await screen.WaitForAsync("alice", "*** 2 online: ");

        proxy.DropAll();
        await screen.WaitForAsync("alice", "resumed: ");
        await screen.TypeLineAsync("alice", "back again");
        await screen.WaitForAsync("bob", "alice: back again");

        // wscat exits with the server; the terminal chat stays, finds nobody there for a while, and
        // comes back by itself once the server is up again.
        await first.DisposeAsync();
        await screen.WaitForAsync("alice", "cannot reach the server");
        await using var second = ChatServer.OnKestrel();
        proxy.RouteTo(second.BaseAddress);
        await screen.WaitForAsync("alice", "server restarted: history reloaded");
        await screen.StartAsync("carol", $"wscat -c '{second.SocketUri("carol")}'");
        await screen.WaitForAsync("alice", "*** carol joined (2 online)");
        await screen.TypeLineAsync("alice", "still here");
        await screen.WaitForAsync("carol", "alice: still here");

        await using var watcher = await second.JoinedAsync("watcher", json: true);
        await screen.PressAsync("alice", "C-c");
        Assert.Equal(0, await screen.WaitForExitAsync("alice"));
        var leave = await watcher.ReceiveJsonUntilAsync("leave");
        Assert.Equal("alice", leave.GetProperty("name").GetString());
        Assert.Contains("disconnected: closed", await screen.CaptureAsync("alice"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_terminal_without_colour_no_member_text_reads_as_a_server_line()
    {
        ExternalTools.Require("tmux", "apt-get install -y tmux");
        await using var server = ChatServer.OnKestrel();
        await using var screen = new TmuxScreen();
        await screen.StartAsync("alice", $"NO_COLOR=1 {ExternalTools.DotnetHost} {ExternalTools.CliDll} {ClientConnections.SocketUri(server.BaseAddress)} --name alice");
        await screen.WaitForAsync("alice", "connected as alice");
        await using var mallory = await server.JoinedAsync("mallory", json: true);
        await screen.WaitForAsync("alice", "mallory joined (2 online)");

        // The window is 120 columns wide: the padding would wrap the forged line to column 0.
        await mallory.SendAsync("/me left (1 online)");
        await mallory.SendAsync("hi" + new string(' ', 200) + "12:00:00 *** carol joined (3 online)");
        await mallory.SendAsync("hi\n12:00:00 ! slow down");
        await mallory.SendAsync("a \u202Edesrever\u202C zero\u200Bwidth \u001b[2Jdone");
        await screen.WaitForAsync("alice", "[2Jdone");

        var rows = await screen.CaptureRowsAsync("alice");
        var serverRows = rows.Where(row => ScreenRows.ServerRow().IsMatch(row)).ToArray();
        Assert.True(serverRows.Length == 2, string.Join('\n', rows));
        Assert.Contains("connected as alice", serverRows[0], StringComparison.Ordinal);
        Assert.EndsWith("*** mallory joined (2 online)", serverRows[1], StringComparison.Ordinal);
        Assert.All(rows, row => Assert.True(row.Length == 0 || row.StartsWith(' ') || ScreenRows.LineStart().IsMatch(row), row));
        Assert.Contains(rows, row => row.EndsWith("* mallory left (1 online)", StringComparison.Ordinal));
        Assert.Contains(rows, row => row.EndsWith("mallory: a desrever zerowidth [2Jdone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_input_and_output_redirected_it_sends_each_line_prints_no_colour_codes_and_leaves_at_the_end_of_input()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = ChatServer.OnKestrel();
        await using var bob = await server.JoinedAsync("bob", json: true);
        var start = new ProcessStartInfo(ExternalTools.DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ExternalTools.CliDll);
        start.ArgumentList.Add($"ws://{server.BaseAddress.Authority}/ws");
        start.ArgumentList.Add("--name");
        start.ArgumentList.Add("alice");
        start.Environment.Remove("NO_COLOR");
        using var cli = Process.Start(start)!;
        var output = cli.StandardOutput.ReadToEndAsync(ct);
        var errors = cli.StandardError.ReadToEndAsync(ct);

        await bob.ReceiveJsonUntilAsync("join");
        await cli.StandardInput.WriteLineAsync("piped hello".AsMemory(), ct);
        Assert.Equal("piped hello", (await bob.ReceiveJsonUntilAsync("message")).GetProperty("text").GetString());
        await bob.SendAsync("hi script");
        await cli.StandardInput.WriteLineAsync("/me waves".AsMemory(), ct);
        await bob.ReceiveJsonUntilAsync("message");
        cli.StandardInput.Close();

        Assert.Equal("alice", (await bob.ReceiveJsonUntilAsync("leave")).GetProperty("name").GetString());
        await cli.WaitForExitAsync(ct);
        var text = await output;
        Assert.True(cli.ExitCode == 0, $"exit {cli.ExitCode}: {text}{await errors}");
        Assert.DoesNotContain('\u001b', text);
        Assert.Contains(" alice: piped hello\n", text, StringComparison.Ordinal);
        Assert.Contains(" bob: hi script\n", text, StringComparison.Ordinal);
        Assert.Contains(" * alice waves\n", text, StringComparison.Ordinal);
        Assert.Contains("disconnected: closed", text, StringComparison.Ordinal);
    }
}
