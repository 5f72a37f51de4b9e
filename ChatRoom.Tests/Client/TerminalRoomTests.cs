using System.Diagnostics;
using System.Text.RegularExpressions;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Client;

/// <summary>
/// The <c>chatroom</c> CLI in several rooms, in a real terminal (tmux) beside wscat members:
/// <c>--room</c>, <c>/rooms</c>, <c>/join</c> there and back with no line shown twice, and a refused room.
/// </summary>
public sealed class TerminalRoomTests
{
    [Fact]
    public async Task In_a_terminal_it_joins_a_room_lists_rooms_switches_and_comes_back_without_a_line_twice()
    {
        ExternalTools.Require("tmux", "apt-get install -y tmux");
        ExternalTools.Require("wscat", "npm install -g wscat@6.1.0");
        await using var server = ChatServer.OnKestrel();
        await using var screen = new TmuxScreen();
        await screen.StartAsync("alice", $"{ExternalTools.DotnetHost} {ExternalTools.CliDll} {ClientConnections.SocketUri(server.BaseAddress)} --name alice --room Games");
        await screen.WaitForAsync("alice", "*** connected as alice in games: 1 online (alice)");
        Assert.Equal("chatroom: games", await screen.TitleAsync("alice"));
        await screen.StartAsync("bob", $"wscat -c '{server.SocketUri("bob")}'");
        // Before /rooms counts general: a wscat that has not connected yet would make it (0).
        await screen.WaitForAsync("bob", "*** welcome, bob: 1 online (bob)");
        await screen.StartAsync("carol", $"wscat -c '{server.SocketUri("carol", "room=games")}'");
        await screen.WaitForAsync("alice", "*** carol joined (2 online)");
        await screen.TypeLineAsync("carol", "first in games");
        await screen.WaitForAsync("alice", "carol: first in games");

        await screen.TypeLineAsync("alice", "/rooms");
        await screen.WaitForAsync("alice", "*** rooms: games (2), general (1)");

        await screen.TypeLineAsync("alice", "/join general");
        await screen.WaitForAsync("alice", "*** joined general as alice: 2 online (");
        await screen.WaitForAsync("carol", "*** alice left (1 online)");
        Assert.Equal("chatroom: general", await screen.TitleAsync("alice"));
        await screen.TypeLineAsync("carol", "while alice is away");
        await screen.TypeLineAsync("bob", "hi alice");
        await screen.WaitForAsync("alice", "bob: hi alice");

        await screen.TypeLineAsync("alice", "/join games");
        await screen.WaitForAsync("alice", "*** back in games (2 missed): 2 online (");
        await screen.WaitForAsync("alice", "carol: while alice is away");
        await screen.TypeLineAsync("alice", "/join general");
        await screen.WaitForAsync("alice", "*** back in general (1 missed): 2 online (");
        await screen.TypeLineAsync("bob", "welcome back");
        var shown = await screen.WaitForAsync("alice", "bob: welcome back");
        foreach (var line in new[] { "carol: first in games", "carol: while alice is away", "bob: hi alice", "*** carol joined (2 online)" })
        {
            Assert.True(Regex.Count(shown, Regex.Escape(line)) == 1, $"\"{line}\" is not shown exactly once:\n{shown}");
        }

        await screen.TypeLineAsync("alice", "/join bad/room");
        await screen.WaitForAsync("alice", "! cannot join bad/room: the server refused the connection (400): bad room name: ");
        await screen.TypeLineAsync("alice", "/join GENERAL");
        await screen.WaitForAsync("alice", "*** you are in general");
        await screen.TypeLineAsync("alice", "still in general");
        await screen.WaitForAsync("bob", "alice: still in general");

        await screen.PressAsync("alice", "C-c");
        Assert.Equal(0, await screen.WaitForExitAsync("alice"));
    }

    [Fact]
    public async Task A_bad_room_on_the_command_line_ends_with_the_servers_reason_and_exit_code_1()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = ChatServer.OnKestrel();
        var start = new ProcessStartInfo(ExternalTools.DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { ExternalTools.CliDll, ClientConnections.SocketUri(server.BaseAddress).ToString(), "--room", "two words" })
        {
            start.ArgumentList.Add(argument);
        }

        using var cli = Process.Start(start)!;
        // Rows past 80 columns are wrapped onto indented rows: the line is read back whole.
        var output = (await cli.StandardOutput.ReadToEndAsync(ct)).Replace("\n" + ScreenRows.Indent, " ", StringComparison.Ordinal);
        await cli.WaitForExitAsync(ct);

        Assert.Equal(1, cli.ExitCode);
        Assert.Contains("! cannot join ", output, StringComparison.Ordinal);
        Assert.Contains(": the server refused the connection (400): bad room name: ", output, StringComparison.Ordinal);
    }
}
