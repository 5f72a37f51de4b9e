using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Integration;

/// <summary>Several rooms in one process, on real sockets: each is the whole room, and nothing crosses.</summary>
public sealed class RoomsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_rooms_do_not_see_each_others_events_in_either_format()
    {
        await using var server = ChatServer.OnKestrel();
        await using var gina = await server.JoinedAsync("gina", json: true);
        await using var gus = await JoinedAsync(server, "gus", "games", json: true);
        await using var pat = await JoinedAsync(server, "pat", "games", json: false);
        Assert.Equal("pat", (await gus.ReceiveJsonAsync()).GetProperty("name").GetString());

        // Each member's frames come in one queue: an event leaked from the other room would be
        // queued before the frame that answers what the member did next.
        await gus.SendAsync("in games");
        Assert.Equal("gus: in games", await pat.ReceiveAsync());
        Assert.Equal("ack", (await gus.ReceiveJsonAsync()).GetProperty("type").GetString());

        await gina.SendAsync("in general");
        var ack = await gina.ReceiveJsonAsync();
        Assert.Equal("ack", ack.GetProperty("type").GetString());
        Assert.Equal(2, ack.GetProperty("id").GetInt64());

        await gus.SendAsync("/who");
        Assert.Equal("members", (await gus.ReceiveJsonAsync()).GetProperty("type").GetString());
        await pat.SendAsync("/who");
        Assert.Equal("*** 2 online: gus, pat", await pat.ReceiveAsync());
        await gina.SendAsync("/who");
        var members = await gina.ReceiveJsonAsync();
        Assert.Equal(["gina"], members.GetProperty("members").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task The_same_name_may_be_taken_in_two_rooms()
    {
        await using var server = ChatServer.OnKestrel();
        await using var first = await JoinedAsync(server, "alice", "general", json: true);
        await using var second = await JoinedAsync(server, "alice", "games", json: true);

        Assert.Equal("alice", first.Name);
        Assert.Equal("alice", second.Name);
    }

    [Fact]
    public async Task The_json_welcome_carries_the_room_and_the_plain_welcome_names_it_outside_the_default_room()
    {
        await using var server = ChatServer.OnKestrel();
        await using var json = await server.JoinAsync("alice", json: true, query: "room=Games");
        var welcome = await json.ReceiveJsonUntilAsync("welcome");
        Assert.Equal("games", welcome.GetProperty("room").GetString());

        await using var plain = await server.JoinAsync("bob", query: "room=games");
        Assert.Equal("*** welcome, bob: 2 online in games (alice, bob). /help lists commands",
            Assert.Single(await plain.ReadWelcomeAsync()));

        await using var general = await server.JoinAsync("carol");
        Assert.Equal("*** welcome, carol: 1 online (carol). /help lists commands",
            Assert.Single(await general.ReadWelcomeAsync()));
        await using var generalJson = await server.JoinAsync("dave", json: true);
        Assert.Equal("general", (await generalJson.ReceiveJsonUntilAsync("welcome")).GetProperty("room").GetString());
    }

    [Fact]
    public async Task Each_room_has_its_own_ids_epoch_and_history()
    {
        await using var server = ChatServer.OnKestrel();
        await using (var talker = await server.JoinedAsync("talker"))
        {
            await talker.SendAsync("general history");
            await talker.SendAsync("/who");
            await talker.ReceiveUntilAsync(t => t.StartsWith("*** 1 online", StringComparison.Ordinal));
        }

        await using var alice = await server.JoinAsync("alice", json: true, query: "room=games");
        var games = await alice.ReceiveJsonUntilAsync("welcome");
        await using var bob = await server.JoinAsync("bob", json: true);
        var general = await bob.ReceiveJsonUntilAsync("welcome");

        Assert.Equal(0, games.GetProperty("history").GetArrayLength());
        Assert.Equal(1, games.GetProperty("last").GetInt64());
        Assert.NotEqual(games.GetProperty("epoch").GetString(), general.GetProperty("epoch").GetString());
        Assert.Equal("general history", Assert.Single(general.GetProperty("history").EnumerateArray()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Resuming_with_another_rooms_epoch_is_told_to_start_again_and_gets_nothing_of_that_room()
    {
        await using var server = ChatServer.OnKestrel();
        await using var gina = await server.JoinAsync("gina", json: true);
        var general = await gina.ReceiveJsonUntilAsync("welcome");
        await gina.SendAsync("only for general");
        await gina.ReceiveJsonUntilAsync("ack");

        var query = $"room=games&since=0&epoch={general.GetProperty("epoch").GetString()}";
        await using var visitor = await server.JoinAsync("visitor", json: true, query: query);
        var welcome = await visitor.ReceiveJsonUntilAsync("welcome");

        Assert.False(welcome.GetProperty("resumed").GetBoolean());
        Assert.Equal("games", welcome.GetProperty("room").GetString());
        Assert.DoesNotContain("only for general", welcome.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, welcome.GetProperty("history").GetArrayLength());
    }

    private static async Task<TestMember> JoinedAsync(ChatServer server, string name, string room, bool json)
    {
        var member = await server.JoinAsync(name, json, query: "room=" + Uri.EscapeDataString(room));
        await member.ReadWelcomeAsync();
        return member;
    }
}
