using ChatRoom.Cli;
using ChatRoom.Client;

namespace ChatRoom.Tests.Client;

/// <summary>The CLI's arguments and lines, without a server.</summary>
public sealed class CliFormatTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Arguments_take_a_url_a_name_and_a_key_with_the_environment_key_as_fallback()
    {
        var parsed = CliArguments.Parse(["http://chat.example:8080", "--name", "alice"], keyFromEnvironment: "env-key", out var error);
        Assert.Null(error);
        Assert.Equal(new CliArguments(new Uri("ws://chat.example:8080/ws"), "alice", "env-key"), parsed);

        Assert.Equal(new CliArguments(new Uri("ws://localhost:8080/ws"), "", "k"), CliArguments.Parse(["-k", "k"], null, out _));
        Assert.Equal(new Uri("wss://chat.example/ws"), CliArguments.Parse(["https://chat.example/"], null, out _)!.Uri);
        Assert.Null(CliArguments.Parse(["--name"], null, out error));
        Assert.Contains("--name", error, StringComparison.Ordinal);
        Assert.Null(CliArguments.Parse(["ftp://x"], null, out error));
        Assert.Null(CliArguments.Parse(["--help"], null, out error));
        Assert.Equal("", error);
    }

    [Fact]
    public void Status_lines_say_what_the_connection_does()
    {
        var lines = new EventLines();
        var welcome = new RoomWelcome("alice", 2, ["alice", "bob"], "e1", 5, 4096);
        Assert.EndsWith("connected as alice: 2 online (alice, bob). /help lists commands", lines.For(new Connected(welcome), Now)!.Text, StringComparison.Ordinal);
        Assert.EndsWith("reconnecting in 4 s… (connection lost)", lines.For(new Reconnecting(4, TimeSpan.FromSeconds(4), Now, "connection lost"), Now)!.Text, StringComparison.Ordinal);
        Assert.Contains("resumed: 12 missed", lines.For(new Resumed(welcome, 12), Now)!.Text, StringComparison.Ordinal);
        Assert.Contains("missed too much: history reloaded", lines.For(new Reset(welcome), Now)!.Text, StringComparison.Ordinal);
        Assert.Contains("server restarted: history reloaded", lines.For(new Reset(welcome with { Epoch = "e2" }), Now)!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Room_events_read_like_the_plain_text_format_with_the_time_in_front()
    {
        var lines = new EventLines();
        Assert.Matches(@"^\d\d:\d\d:\d\d bob: hi\n           there$", lines.For(new MessageEvent(1, Now, "bob", "hi\nthere", false), Now)!.Text);
        Assert.EndsWith(" * bob waves", lines.For(new MessageEvent(2, Now, "bob", "waves", true), Now)!.Text, StringComparison.Ordinal);
        Assert.EndsWith(" * carol joined (3 online)", lines.For(new JoinEvent(3, Now, "carol", 3), Now)!.Text, StringComparison.Ordinal);
        Assert.EndsWith(" * 102 online: a, b and 100 more", lines.For(new MembersEvent(["a", "b"], 102), Now)!.Text, StringComparison.Ordinal);
        Assert.EndsWith(" ! slow down", lines.For(new ErrorEvent("rate_limited", "slow down"), Now)!.Text, StringComparison.Ordinal);
        Assert.EndsWith(" alice: /who is there", EventLines.Own("alice", "//who is there", Now).Text, StringComparison.Ordinal);
        Assert.EndsWith(" * alice waves", EventLines.Own("alice", "/me waves", Now).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Colour_codes_only_on_a_terminal()
    {
        var line = new TerminalLine("12:00:00 ! oops", LineKind.Error);
        using var plain = new StringWriter();
        new Terminal(plain, colour: false, erasesEchoedInput: false).Write(line);
        Assert.Equal("12:00:00 ! oops\n", plain.ToString());

        using var coloured = new StringWriter();
        new Terminal(coloured, colour: true, erasesEchoedInput: false).Write(line);
        Assert.StartsWith("\u001b[31m12:00:00 ! oops", coloured.ToString(), StringComparison.Ordinal);
    }
}
