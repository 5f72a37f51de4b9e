using System.Net.WebSockets;
using System.Text.Json;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Integration;

/// <summary>
/// Every moderator command over real sockets, in both formats: what everyone sees, what the member
/// concerned gets (an error, a 4001 close, a 403 at the upgrade), and what a non-moderator gets.
/// </summary>
public sealed class ModerationTests
{
    private const string Carol = "198.51.100.1";
    private const string Alice = "198.51.100.2";
    private const string Bob = "198.51.100.3";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_kick_is_announced_to_everyone_then_closes_its_member_with_4001_kicked(bool json)
    {
        await using var server = Start();
        await using var carol = await JoinAsync(server, "carol", json, Carol, signedIn: true, moderator: true);
        await using var alice = await JoinAsync(server, "alice", json, Alice);
        await using var bob = await JoinAsync(server, "bob", json, Bob);

        await carol.SendAsync("/kick BOB");

        foreach (var member in new[] { bob, alice, carol })
        {
            await ExpectModerationAsync(member, "kick", "bob", minutes: null, "*** bob was kicked by carol");
        }

        Assert.Equal(((WebSocketCloseStatus)4001, "kicked"), await bob.ReceiveCloseAsync());
        Assert.Contains("bob", await alice.ReceiveAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_muted_member_gets_error_muted_and_nobody_gets_its_messages(bool json)
    {
        await using var server = Start();
        await using var carol = await JoinAsync(server, "carol", json, Carol, signedIn: true, moderator: true);
        await using var alice = await JoinAsync(server, "alice", json, Alice);
        await using var bob = await JoinAsync(server, "bob smith", json, Bob);

        await carol.SendAsync("/mute bob smith 5");
        await ExpectModerationAsync(bob, "mute", "bob smith", 5, "*** bob smith was muted by carol for 5 minutes");
        await ExpectModerationAsync(carol, "mute", "bob smith", 5, "*** bob smith was muted by carol for 5 minutes");
        await bob.SendAsync("hello?");
        await bob.SendAsync("/me waves");

        for (var i = 0; i < 2; i++)
        {
            var error = await bob.ReceiveAsync();
            Assert.Equal(json ? "muted" : "! you are muted by a moderator: message not sent",
                json ? JsonDocument.Parse(error).RootElement.GetProperty("code").GetString() : error);
        }

        // Only after bob's refusals: sent earlier, alice's message could reach bob between them.
        await alice.SendAsync("after");
        var next = await carol.ReceiveAsync();
        Assert.Equal(json ? "after" : "alice: after",
            json ? JsonDocument.Parse(next).RootElement.GetProperty("text").GetString() : next);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_ban_closes_its_member_and_refuses_its_subject_or_address_with_403_until_unbanned(bool json)
    {
        await using var server = Start();
        await using var carol = await JoinAsync(server, "carol", json, Carol, signedIn: true, moderator: true);
        await using var bob = await JoinAsync(server, "bob", json, Bob, signedIn: true);
        await using var dave = await JoinAsync(server, "dave", json, "198.51.100.4");

        await carol.SendAsync("/ban bob 5");
        await ExpectModerationAsync(bob, "ban", "bob", 5, "*** bob was banned by carol for 5 minutes");
        Assert.Equal(((WebSocketCloseStatus)4001, "banned"), await bob.ReceiveCloseAsync());
        await carol.SendAsync("/ban dave");
        await ExpectModerationAsync(dave, "ban", "dave", 10, "*** dave was banned by carol for 10 minutes");
        Assert.Equal(((WebSocketCloseStatus)4001, "banned"), await dave.ReceiveCloseAsync());

        Assert.Equal(403, await UpgradeStatusAsync(server, "robert", "198.51.100.9", "bob"));
        Assert.Equal(403, await UpgradeStatusAsync(server, "eve", "198.51.100.4"));
        Assert.Equal(101, await UpgradeStatusAsync(server, "frank", "198.51.100.5"));

        await carol.SendAsync("/unban Bob");
        await ExpectModerationAsync(carol, "unban", "Bob", minutes: null, "*** Bob was unbanned by carol");
        Assert.Equal(101, await UpgradeStatusAsync(server, "bob", Bob, "bob"));
        Assert.Equal(403, await UpgradeStatusAsync(server, "eve", "198.51.100.4"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_ban_closes_every_connection_of_its_subject_or_address_in_the_room(bool json)
    {
        await using var server = Start();
        await using var carol = await JoinAsync(server, "carol", json, Carol, signedIn: true, moderator: true);
        await using var alice = await JoinAsync(server, "alice", json, Alice, signedIn: true);
        await using var alicePhone = await JoinAsync(server, "alice", json, "198.51.100.7", signedIn: true);
        await using var dave = await JoinAsync(server, "dave", json, "198.51.100.4");
        await using var housemate = await JoinAsync(server, "erin", json, "198.51.100.4");
        await using var frank = await JoinAsync(server, "frank", json, "198.51.100.5");

        await carol.SendAsync("/ban alice 5");
        Assert.Equal(((WebSocketCloseStatus)4001, "banned"), await alice.ReceiveCloseAsync());
        Assert.Equal(((WebSocketCloseStatus)4001, "banned"), await alicePhone.ReceiveCloseAsync());
        await carol.SendAsync("/ban dave");
        Assert.Equal(((WebSocketCloseStatus)4001, "banned"), await dave.ReceiveCloseAsync());
        Assert.Equal(((WebSocketCloseStatus)4001, "banned"), await housemate.ReceiveCloseAsync());

        await ExpectModerationAsync(frank, "ban", "dave", 10, "*** dave was banned by carol for 10 minutes");
        await carol.SendAsync("still open");
        Assert.Contains("still open", await frank.ReceiveUntilAsync(f => f.Contains("still open", StringComparison.Ordinal)),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Moderator_commands_from_a_member_that_does_not_moderate_are_bad_commands(bool json)
    {
        await using var server = Start();
        await using var alice = await JoinAsync(server, "alice", json, Alice);
        await using var bob = await JoinAsync(server, "bob", json, Bob, signedIn: true);

        string[] commands = ["/kick alice", "/mute alice 5", "/ban alice", "/unban alice", "/delete 1"];
        foreach (var command in commands)
        {
            await bob.SendAsync(command);
            var reply = await bob.ReceiveAsync();
            Assert.Equal(json ? "bad_command" : $"! {command.Split(' ')[0]} is for moderators only",
                json ? JsonDocument.Parse(reply).RootElement.GetProperty("code").GetString() : reply);
        }

        await bob.SendAsync("still here");
        await alice.ReceiveUntilAsync(f => f.Contains("bob", StringComparison.Ordinal)); // its join
        var next = await alice.ReceiveAsync();
        Assert.Equal(json ? "still here" : "bob: still here",
            json ? JsonDocument.Parse(next).RootElement.GetProperty("text").GetString() : next);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Help_names_the_moderator_commands_to_moderators_alone(bool json)
    {
        await using var server = Start();
        await using var carol = await JoinAsync(server, "carol", json, Carol, signedIn: true, moderator: true);
        await using var bob = await JoinAsync(server, "bob", json, Bob, signedIn: true);

        await carol.SendAsync("/help");
        await bob.SendAsync("/help");

        Assert.Contains("/kick NAME", await carol.ReceiveUntilAsync(f => f.Contains("commands", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("/kick", await bob.ReceiveAsync(), StringComparison.Ordinal);
    }

    internal static ChatServer Start() => ChatServer.OnKestrel(TestIdentities.Settings());

    /// <param name="signedIn">Signs in with a token for <paramref name="name"/>.</param>
    internal static async Task<TestMember> JoinAsync(ChatServer server, string name, bool json, string address,
        bool signedIn = false, bool moderator = false)
    {
        var member = await server.JoinAsync(name, json,
            headers: TestIdentities.Headers(address, signedIn || moderator ? name : null, moderator));
        await member.ReadWelcomeAsync();
        return member;
    }

    /// <summary>Skips to the next moderation event about <paramref name="target"/>, and checks it in the member's format.</summary>
    internal static async Task ExpectModerationAsync(TestMember member, string action, string target, int? minutes,
        string plain)
    {
        if (!member.IsJson)
        {
            Assert.Equal(plain, await member.ReceiveUntilAsync(f => f.StartsWith($"*** {target} was ", StringComparison.Ordinal)));
            return;
        }

        JsonElement frame;
        do
        {
            frame = await member.ReceiveJsonUntilAsync("moderation");
        }
        while (frame.GetProperty("target").GetString() != target);

        Assert.Equal(action, frame.GetProperty("action").GetString());
        Assert.Equal(target, frame.GetProperty("target").GetString());
        Assert.Equal(plain.Split(" by ")[1].Split(' ')[0], frame.GetProperty("by").GetString());
        Assert.True(frame.GetProperty("id").GetInt64() > 0);
        Assert.Equal(minutes, frame.TryGetProperty("minutes", out var m) ? m.GetInt32() : null);
    }

    /// <param name="signedInAs">Signs in with a token for this name (the query's name is then ignored).</param>
    internal static async Task<int> UpgradeStatusAsync(ChatServer server, string name, string address,
        string? signedInAs = null)
    {
        await using var socket = await RawSocket.ConnectAsync(server.BaseAddress);
        List<(string, string)> headers = [("X-Forwarded-For", address)];
        if (signedInAs is not null)
        {
            headers.Add(("Authorization", "Bearer " + TestIdentities.Token(signedInAs)));
        }

        return (await socket.UpgradeAsync($"/ws?name={Uri.EscapeDataString(name)}", headers)).Status;
    }
}
