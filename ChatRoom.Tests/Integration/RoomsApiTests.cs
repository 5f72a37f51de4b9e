using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Integration;

/// <summary>Finding rooms (/rooms, GET /api/rooms) and posting to them, on real sockets.</summary>
public sealed class RoomsApiTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:AdminKey"] = RoomAdmin.Key,
        ["Chat:UpgradeRateLimit:PerSecond"] = "0",
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Api_rooms_lists_at_most_a_hundred_rooms_most_members_first_with_the_total()
    {
        await using var server = ChatServer.OnKestrel(Settings);
        var members = new List<TestMember>();
        try
        {
            for (var i = 0; i < 105; i++)
            {
                members.Add(await JoinedAsync(server, "v", $"r{i:D3}"));
            }

            foreach (var name in new[] { "a", "b", "c" })
            {
                members.Add(await JoinedAsync(server, name, "busy"));
            }

            var rooms = await GetJsonAsync(server, "/api/rooms");

            // 105 rooms of one, busy, and the default room (empty, but always there).
            Assert.Equal(107, rooms.GetProperty("total").GetInt32());
            var listed = rooms.GetProperty("rooms").EnumerateArray()
                .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("online").GetInt32())).ToList();
            Assert.Equal(
                new[] { ("busy", 3) }.Concat(Enumerable.Range(0, 99).Select(i => ($"r{i:D3}", 1))),
                listed);
        }
        finally
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Api_rooms_room_is_that_rooms_state_and_404_for_a_room_that_is_not_open()
    {
        await using var server = ChatServer.OnKestrel(Settings);
        await using var alice = await JoinedAsync(server, "alice", "games");
        using var http = server.CreateHttpClient();

        var games = await GetJsonAsync(server, "/api/rooms/Games");
        Assert.Equal(("games", 1), (games.GetProperty("room").GetString(), games.GetProperty("online").GetInt32()));
        Assert.Equal(["alice"], games.GetProperty("members").EnumerateArray().Select(m => m.GetString()));

        var missing = await http.GetAsync(new Uri("/api/rooms/poker", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var bad = await http.GetAsync(new Uri("/api/rooms/two%20words", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_notice_to_one_room_reaches_only_that_room_and_a_notice_to_all_reaches_every_room()
    {
        await using var server = ChatServer.OnKestrel(Settings);
        await using var gina = await JoinedAsync(server, "gina", "general");
        await using var gus = await JoinedAsync(server, "gus", "games");

        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(server, "/api/rooms/games/messages", "games only"));
        Assert.Equal("*** notice: games only", await gus.ReceiveAsync());
        Assert.Equal(HttpStatusCode.NotFound, await PostAsync(server, "/api/rooms/poker/messages", "nobody"));

        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(server, "/api/messages", "everyone"));
        Assert.Equal("*** notice: everyone", await gus.ReceiveAsync());
        Assert.Equal("*** notice: everyone", await gina.ReceiveAsync());
    }

    [Fact]
    public async Task Slash_rooms_answers_the_asker_in_either_format()
    {
        await using var server = ChatServer.OnKestrel(Settings);
        await using var plain = await JoinedAsync(server, "pat", "games");
        await using var other = await JoinedAsync(server, "gus", "games");
        await plain.ReceiveAsync();
        await using var json = await server.JoinAsync("jo", json: true);
        await json.ReceiveJsonUntilAsync("welcome");

        await plain.SendAsync("/rooms");
        Assert.Equal("*** rooms: games (2), general (1)", await plain.ReceiveAsync());

        await json.SendAsync("/rooms");
        var rooms = await json.ReceiveJsonAsync();
        Assert.Equal("rooms", rooms.GetProperty("type").GetString());
        Assert.Equal(2, rooms.GetProperty("total").GetInt32());
        Assert.Equal(
            [("games", 2), ("general", 1)],
            rooms.GetProperty("rooms").EnumerateArray().Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("online").GetInt32())));
    }

    private static async Task<TestMember> JoinedAsync(ChatServer server, string name, string room)
    {
        var member = await server.JoinAsync(name, query: "room=" + room);
        await member.ReadWelcomeAsync();
        return member;
    }

    private static async Task<JsonElement> GetJsonAsync(ChatServer server, string path)
    {
        using var http = server.CreateHttpClient();
        return JsonDocument.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative), Token)).RootElement;
    }

    private static async Task<HttpStatusCode> PostAsync(ChatServer server, string path, string text)
    {
        using var http = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { text }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RoomAdmin.Key);
        using var response = await http.SendAsync(request, Token);
        return response.StatusCode;
    }
}
