using System.Text;
using System.Text.Json;
using ChatRoom.Model;
using ChatRoom.Wire;

namespace ChatRoom.Tests.Unit;

/// <summary>
/// JSON frames are plain UTF-8: a string escapes only what JSON requires (<c>"</c>, <c>\</c>, C0
/// controls) and U+2028/U+2029; emoji, CJK and HTML-significant characters are written as they are.
/// </summary>
public sealed class JsonEscapingTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static string Frame(string from, string text) =>
        Encoding.UTF8.GetString(JsonWire.Encode(new SequencedEvent(1, Noon, new ChatMessage(from, text, false), 0)));

    /// <summary>The frame's <c>text</c> as written: the JSON string between its quotes.</summary>
    private static string WrittenText(string text)
    {
        var frame = Frame("a", text);
        const string Start = "\"text\":\"";
        const string End = "\",\"ts\":";
        var from = frame.IndexOf(Start, StringComparison.Ordinal) + Start.Length;
        return frame[from..frame.LastIndexOf(End, StringComparison.Ordinal)];
    }

    [Theory]
    [InlineData("😀", "😀")]
    [InlineData("你好，世界", "你好，世界")]
    [InlineData("안녕 こんにちは Привет é", "안녕 こんにちは Привет é")]
    [InlineData("say \"hi\"", "say \\\"hi\\\"")]
    [InlineData("C:\\path", "C:\\\\path")]
    [InlineData("a\nb\tc\rd\be\ff", "a\\nb\\tc\\rd\\be\\ff")]
    [InlineData("\u0000\u0001\u001b\u001f", "\\u0000\\u0001\\u001B\\u001F")]
    [InlineData("line\u2028para\u2029", "line\\u2028para\\u2029")]
    [InlineData("</script><img src=x onerror=alert(1)> & 'q' `t` +", "</script><img src=x onerror=alert(1)> & 'q' `t` +")]
    [InlineData("\u007f\u0085\u00a0\ufeff", "\u007f\u0085\u00a0\ufeff")]
    public void A_string_is_written_as_UTF_8_with_only_what_JSON_requires_escaped(string text, string written) =>
        Assert.Equal(written, WrittenText(text));

    [Theory]
    [InlineData("a\ud800b")]
    [InlineData("a\udc00b")]
    [InlineData("\ude00\ud83d")]
    [InlineData("end\ud83d")]
    public void A_lone_surrogate_becomes_the_replacement_character(string text)
    {
        var written = WrittenText(text);
        Assert.DoesNotContain(written, c => char.IsSurrogate(c));
        Assert.Equal(new string([.. text.Select(c => char.IsSurrogate(c) ? '\ufffd' : c)]), written);
    }

    [Fact]
    public void A_message_of_emoji_and_Chinese_costs_its_UTF_8_bytes()
    {
        var frame = JsonWire.Encode(new SequencedEvent(7, Noon, new ChatMessage("小明", "你好 😀", false), 0));
        var expected = """{"type":"message","id":7,"from":"小明","text":"你好 😀","ts":"2026-11-26T12:00:00.000Z"}""";
        Assert.Equal(Encoding.UTF8.GetBytes(expected), frame);
    }

    [Fact]
    public void Names_and_history_in_the_welcome_are_UTF_8_too()
    {
        var history = new[] { new EncodedEvent(new SequencedEvent(7, Noon, new ChatMessage("小明", "🎉", false), 0)) };
        var welcome = Encoding.UTF8.GetString(JsonWire.Encode(new Welcome("你", 2, ["你", "小明"], history, 4096, "e1", 7, null)));
        Assert.Contains("\"you\":\"你\",\"online\":2,\"members\":[\"你\",\"小明\"]", welcome, StringComparison.Ordinal);
        Assert.Contains("\"from\":\"小明\",\"text\":\"🎉\"", welcome, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", welcome, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_text_reads_back_unchanged_and_costs_its_UTF_8_bytes_plus_its_escapes()
    {
        // Seeded: a failure names the text, and the same seed finds it again.
        string[] pieces = ["a", " ", "你", "😀", "👨‍👩‍👧", "é", "\"", "\\", "\n", "\t", "\u0001", "\u2028", "<", "/", "\u00ad", "\ufffd", "\U0001F3F3\uFE0F"];
        var random = new Random(23);
        for (var i = 0; i < 2000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            var frame = JsonWire.Encode(new SequencedEvent(1, Noon, new ChatMessage("小明", text, false), 0));

            Assert.Equal(text, JsonDocument.Parse(frame).RootElement.GetProperty("text").GetString());
            var escapes = text.Sum(c => c switch
            {
                '"' or '\\' or '\n' or '\t' => 1,
                '\u0001' => 5, // \u0001: 6 bytes for 1
                '\u2028' => 3, // \u2028: 6 bytes for 3
                _ => 0,
            });
            Assert.True(Encoding.UTF8.GetByteCount(WrittenText(text)) == Encoding.UTF8.GetByteCount(text) + escapes, $"seed 23, text {i}: {JsonSerializer.Serialize(text)}");
        }
    }
}
