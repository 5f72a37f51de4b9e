using System.Text.Json;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Integration;

/// <summary>
/// <c>/delete ID</c> over real sockets: a <c>delete</c> event for everyone, and the message gone from
/// the history a joiner gets and from what a resume replays (which holds the delete event instead).
/// </summary>
public sealed class MessageDeleteTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_deleted_message_is_announced_and_no_longer_in_history_or_resume(bool json)
    {
        await using var server = ModerationTests.Start();
        await using var alice = await server.JoinAsync("alice", json: true,
            headers: TestIdentities.Headers("198.51.100.2"));
        var aliceWelcome = JsonDocument.Parse((await alice.ReadWelcomeAsync())[^1]).RootElement;
        await using var carol = await ModerationTests.JoinAsync(server, "carol", json, "198.51.100.1", signedIn: true,
            moderator: true);
        var keep = await SayAsync(alice, "keep this");
        var oops = await SayAsync(alice, "oops");

        await carol.SendAsync($"/delete {oops}");

        var deleted = await alice.ReceiveJsonUntilAsync("delete");
        Assert.Equal(oops, deleted.GetProperty("target").GetInt64());
        Assert.True(deleted.GetProperty("id").GetInt64() > oops);
        var seen = await carol.ReceiveUntilAsync(f => f.Contains("delete", StringComparison.Ordinal)
            || f.StartsWith("*** a message", StringComparison.Ordinal));
        Assert.Equal(json ? "delete" : "*** a message was removed",
            json ? JsonDocument.Parse(seen).RootElement.GetProperty("type").GetString() : seen);

        await using var late = await server.JoinAsync("dave", json, headers: TestIdentities.Headers("198.51.100.4"));
        var history = string.Join("\n", await late.ReadWelcomeAsync());
        Assert.Contains("keep this", history, StringComparison.Ordinal);
        Assert.DoesNotContain("oops", history, StringComparison.Ordinal);

        var epoch = aliceWelcome.GetProperty("epoch").GetString();
        var since = aliceWelcome.GetProperty("last").GetInt64();
        await using var resumed = await server.JoinAsync("erin", json: true,
            query: $"since={since}&epoch={epoch}", headers: TestIdentities.Headers("198.51.100.5"));
        var welcome = JsonDocument.Parse((await resumed.ReadWelcomeAsync())[^1]).RootElement;
        var missed = welcome.GetProperty("history").EnumerateArray().ToList();
        Assert.True(welcome.GetProperty("resumed").GetBoolean());
        Assert.Equal(missed.Count, welcome.GetProperty("missed").GetInt32());
        Assert.Contains(missed, e => e.GetProperty("type").GetString() == "message"
            && e.GetProperty("id").GetInt64() == keep);
        Assert.DoesNotContain(missed, e => e.GetProperty("id").GetInt64() == oops);
        Assert.Contains(missed, e => e.GetProperty("type").GetString() == "delete"
            && e.GetProperty("target").GetInt64() == oops);
    }

    [Theory]
    [InlineData("/delete 999", "no message 999 here to delete")]
    [InlineData("/delete x", "usage: /delete ID (a message's id)")]
    [InlineData("/delete", "usage: /delete ID (a message's id)")]
    public async Task Deleting_what_the_room_does_not_hold_is_a_bad_command(string command, string message)
    {
        await using var server = ModerationTests.Start();
        await using var carol = await ModerationTests.JoinAsync(server, "carol", json: true, "198.51.100.1",
            moderator: true);

        await carol.SendAsync(command);

        var error = await carol.ReceiveJsonAsync();
        Assert.Equal("bad_command", error.GetProperty("code").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    private static async Task<long> SayAsync(TestMember member, string text)
    {
        await member.SendAsync(text);
        return (await member.ReceiveJsonUntilAsync("ack")).GetProperty("id").GetInt64();
    }
}
