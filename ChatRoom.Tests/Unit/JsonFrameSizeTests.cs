using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatRoom.Model;
using ChatRoom.Wire;

namespace ChatRoom.Tests.Unit;

/// <summary>
/// The table in docs/performance.md ("JSON frames as UTF-8"): bytes of one JSON message frame for
/// typical Chinese and emoji messages, as frames are written now and as they were with
/// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> (every emoji as a 12-byte surrogate pair).
/// </summary>
public sealed class JsonFrameSizeTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, int, int, int> Messages => new()
    {
        { "Chinese, 22 characters", "我们今晚七点在公司楼下见面，一起去吃火锅吧！", 66, 150, 150 },
        { "Chinese with emoji", "生日快乐！🎂🎉 祝你天天开心 😀", 47, 155, 131 },
        { "emoji only", "😂😂😂👍", 16, 132, 100 },
        { "English with an emoji", "on my way, see you in 5 min 😀", 32, 124, 116 },
        { "4 KB of emoji (1,024 × 😀)", string.Concat(Enumerable.Repeat("😀", 1024)), 4096, 12372, 4180 },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_message_frame_costs_the_bytes_the_docs_give(string label, string text, int textBytes, int before, int after)
    {
        var frame = JsonWire.Encode(new SequencedEvent(42, Noon, new ChatMessage("小明", text, false), 0));

        Assert.True(textBytes == Encoding.UTF8.GetByteCount(text), label);
        Assert.Equal((before, after), (Relaxed(frame).Length, frame.Length));
    }

    [Fact]
    public void A_welcome_of_one_hundred_4_KB_emoji_messages_is_a_third_of_what_it_was()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 1024));
        var history = Enumerable.Range(1, 100).Select(id => new EncodedEvent(new SequencedEvent(id, Noon, new ChatMessage("小明", emoji, false), 0))).ToArray();
        var welcome = JsonWire.Encode(new Welcome("alice", 2, ["alice", "小明"], history, 4096, "e1", 100, null));

        Assert.Equal((1_237_423, 418_223), (Relaxed(welcome).Length, welcome.Length));
    }

    /// <summary>The same JSON written as frames were before: the relaxed built-in encoder.</summary>
    private static byte[] Relaxed(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
