using System.Text.Json;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Browser;

/// <summary>
/// The page's own input rules (wwwroot/js/protocol.js, loaded as the page loads it) against the
/// same case file as the .NET rules, so the page shows a typed line as the room will.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class ProtocolScriptTests(BrowserFixture browser)
{
    // What the composer and room.js do with a typed line: clean it, skip it when empty, parse it.
    private const string ReadEveryCase = """
        async (file) => {
          const { clean, parseInput } = await import('/js/protocol.js');
          return JSON.parse(file).cases.map(({ input }) => {
            const text = clean(input);
            if (text.length === 0) return { clean: text, kind: 'empty', text: null, command: null };
            const parsed = parseInput(text);
            if (!parsed.say) return { clean: text, kind: 'command', text: null, command: parsed.command };
            return { clean: text, kind: parsed.action ? 'action' : 'message', text: parsed.text, command: null };
          });
        }
        """;

    [Fact]
    public async Task The_page_reads_every_shared_input_case_as_the_room_does()
    {
        await using var server = ChatServer.OnKestrel();
        await using var tab = await ChatTab.OpenAsync(browser, server.BaseAddress, name: null);

        var results = await tab.Page.EvaluateAsync<JsonElement>(ReadEveryCase, InputCases.Json);

        var read = results.EnumerateArray().ToArray();
        Assert.Equal(InputCases.All.Count, read.Length);
        var differences = InputCases.All.Zip(read, (expected, page) => (Expected: expected, Page: expected with
        {
            Clean = page.GetProperty("clean").GetString()!,
            Kind = page.GetProperty("kind").GetString()!,
            Text = page.GetProperty("text").GetString(),
            Command = page.GetProperty("command").GetString(),
        })).Where(pair => pair.Expected != pair.Page).ToList();
        Assert.True(differences.Count == 0, string.Join(
            Environment.NewLine,
            differences.Select(pair =>
                $"expected {JsonSerializer.Serialize(pair.Expected)}, page {JsonSerializer.Serialize(pair.Page)}")));
        Assert.Empty(await tab.ProblemsAsync());
    }
}
