using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// Room names at the upgrade: refused with 400 and a reason when they are not names, folded to one
/// room when they differ only in case or normalisation form, 404 outside a closed set.
/// </summary>
public sealed class RoomNameTests
{
    [Theory]
    [InlineData("a23456789012345678901234567890123", "at most 32")]
    [InlineData("a%2Fb", "U+002F")]
    [InlineData("a%01b", "U+0001")]
    [InlineData("%20%20%20", "a room name is 1-32")]
    [InlineData("two%20words", "spaces")]
    [InlineData("g%D0%B0mes", "mix Latin, Greek and Cyrillic")]
    [InlineData("%EF%BD%87%EF%BD%81%EF%BD%8D%EF%BD%85%EF%BD%93", "compatibility forms")]
    [InlineData("gam%E2%80%8Bes", "invisible")]
    [InlineData("%F0%9D%90%A0ames", "compatibility forms")]
    public async Task A_room_name_that_is_not_one_is_refused_with_400_and_the_reason(string room, string reason)
    {
        await using var server = ChatServer.OnKestrel();
        await using var raw = await RawSocket.ConnectAsync(server.BaseAddress);

        var head = await raw.UpgradeAsync("/ws?name=alice&room=" + room);

        Assert.Equal(400, head.Status);
        Assert.StartsWith("bad room name: ", head.Body, StringComparison.Ordinal);
        Assert.Contains(reason, head.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Games", "games")]
    [InlineData("GAMES", "games")]
    [InlineData("%20games%20", "games")]
    [InlineData("cafe%CC%81", "caf\u00e9")]
    [InlineData("CAF%C3%89", "caf\u00e9")]
    [InlineData("CAFE%CC%81", "caf\u00e9")]
    public async Task A_configured_room_spelt_in_another_case_or_normalisation_form_is_that_room(string spelling, string room)
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?>
        {
            ["Chat:Rooms:0"] = "games",
            ["Chat:Rooms:1"] = "caf\u00e9",
        });
        await using var member = await server.JoinAsync("alice", json: true, query: "room=" + spelling);

        Assert.Equal(room, (await member.ReceiveJsonUntilAsync("welcome")).GetProperty("room").GetString());
    }

    [Fact]
    public async Task With_a_closed_set_any_other_room_is_404_and_the_default_room_still_exists()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:Rooms:0"] = "games" });
        await using var raw = await RawSocket.ConnectAsync(server.BaseAddress);

        var head = await raw.UpgradeAsync("/ws?name=alice&room=poker");

        Assert.Equal(404, head.Status);
        Assert.Contains("no such room: poker", head.Body, StringComparison.Ordinal);
        await using var general = await server.JoinAsync("bob", query: "room=general");
        Assert.Equal("*** welcome, bob: 1 online (bob). /help lists commands", Assert.Single(await general.ReadWelcomeAsync()));
    }

    [Fact]
    public async Task Refusals_come_in_order_name_then_room_name_then_no_such_room_then_the_503s()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?>
        {
            ["Chat:Rooms:0"] = "games",
            ["Chat:UpgradeRateLimit:PerSecond"] = "0.001",
            ["Chat:UpgradeRateLimit:Burst"] = "1",
            ["Chat:UpgradeRateLimit:ExemptLoopback"] = "false",
        });
        await using var first = await server.JoinedAsync("first");

        // The address has no upgrade left: each answer below comes before that 503.
        Assert.Equal((400, "bad name"), await UpgradeAsync(server, "/ws?name=%3Cb%3E&room=a%2Fb"));
        Assert.Equal((400, "bad room name"), await UpgradeAsync(server, "/ws?name=alice&room=a%2Fb"));
        Assert.Equal((404, "no such room"), await UpgradeAsync(server, "/ws?name=alice&room=poker"));
        Assert.Equal(503, (await UpgradeAsync(server, "/ws?name=alice&room=games")).Status);
    }

    [Fact]
    public async Task Past_max_rooms_a_new_room_is_503_with_retry_after_counting_the_default_room()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:MaxRooms"] = "2" });
        await using var games = await server.JoinAsync("alice", query: "room=games");
        await games.ReadWelcomeAsync();
        await using var raw = await RawSocket.ConnectAsync(server.BaseAddress);

        var head = await raw.UpgradeAsync("/ws?name=bob&room=chess");

        Assert.Equal(503, head.Status);
        Assert.True(head.Headers.ContainsKey("Retry-After"), "503 without Retry-After");
        Assert.Contains("too many rooms", head.Body, StringComparison.Ordinal);
        await using var again = await server.JoinAsync("bob", query: "room=games");
        Assert.Contains(await again.ReadWelcomeAsync(), line => line.Contains("2 online in games", StringComparison.Ordinal));
    }

    private static async Task<(int Status, string Reason)> UpgradeAsync(ChatServer server, string path)
    {
        await using var raw = await RawSocket.ConnectAsync(server.BaseAddress);
        var head = await raw.UpgradeAsync(path);
        return (head.Status, head.Body.Split(':')[0]);
    }
}
