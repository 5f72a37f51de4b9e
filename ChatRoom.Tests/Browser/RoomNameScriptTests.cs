using System.Text.Json;
using ChatRoom.Names;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Browser;

/// <summary>
/// The page's room check (wwwroot/js/protocol.js, loaded as the page loads it) against the server's
/// <see cref="RoomName"/>: the page never refuses a room the server would open, and refuses before
/// trying all that the server refuses but mixed scripts, compatibility forms and repeated marks, which the server
/// explains itself (the page shows its reason).
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class RoomNameScriptTests(BrowserFixture browser)
{
    private static readonly string[] Names =
    [
        "games", "Games", "  games  ", "a.b-c_d", "x", new string('x', 32), new string('x', 33), "café", "cafe\u0301",
        "日本語", "игры", "ß", "", " ", "no room", "a/b", "tab\there", "line\nbreak", "\u200bgames", "games\u202e",
        "\U0001F600", "a+b", "#games", "?room", "%20",
    ];

    // The server explains these itself: the page lets them through, shows the server's reason.
    private static readonly string[] ServerOnly =
        ["gаmes" /* Cyrillic а */, "ｇames" /* fullwidth */, "ﬁsh" /* ligature */, "a\u0301\u0301\u0301\u0301\u0301" /* a mark repeated */];

    private const string CheckEach = """
        async (names) => {
          const { normalizeRoom, isValidRoom } = await import('/js/protocol.js');
          return names.map((raw) => { const room = normalizeRoom(raw); return isValidRoom(room) ? room : null; });
        }
        """;

    [Fact]
    public async Task The_page_checks_a_room_name_as_the_server_does()
    {
        await using var server = ChatServer.OnKestrel();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, name: null);
        string[] all = [.. Names, .. ServerOnly];

        var page = (await tab.Page.EvaluateAsync<JsonElement>(CheckEach, all)).EnumerateArray()
            .Select(room => room.ValueKind == JsonValueKind.Null ? null : room.GetString()).ToArray();

        var differences = all.Zip(page, (raw, pageRoom) =>
        {
            var serverRoom = RoomName.TryParse(raw, out var room, out _) ? room.Value : null;
            var expected = ServerOnly.Contains(raw) ? pageRoom : serverRoom;
            return (Raw: raw, Server: serverRoom, Page: pageRoom, Agrees: pageRoom == expected);
        }).Where(row => !row.Agrees).ToList();
        Assert.True(differences.Count == 0, string.Join(
            Environment.NewLine,
            differences.Select(row => $"{JsonSerializer.Serialize(row.Raw)}: server {row.Server ?? "refuses"}, page {row.Page ?? "refuses"}")));
        Assert.All(ServerOnly, raw => Assert.False(RoomName.TryParse(raw, out _, out _)));
        Assert.All(ServerOnly, raw => Assert.NotNull(page[Array.IndexOf(all, raw)]));
        Assert.Empty(await tab.ProblemsAsync());
    }
}
