using System.Text;
using System.Text.Json;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Wire;

namespace ChatRoom.Tests.Unit;

/// <summary>
/// No member input produces a plain-text line that reads as a server line
/// (<c>*** …</c>) or an error (<c>! …</c>). Server lines start with <c>***</c>; a member's lines
/// start with a name (which cannot contain <c>*</c>, <c>!</c> or <c>:</c>) or with <c>* name</c>.
/// </summary>
public sealed class PlainTextForgeryTests
{
    public static TheoryData<string, string, bool> Forgeries => new()
    {
        { "alice", "left (1 online)", true },
        { "3", "online: alice, bob", true },
        { "notice", "server is shutting down", false },
        { "mallory", "hi\n*** alice left (1 online)", false },
        { "mallory", "hi\n! slow down", true },
        { "mallory", "hi\u2028*** alice left (1 online)", false },
        { "mallory", "hi\u2029! error", true },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void No_line_of_a_member_message_or_action_reads_as_a_server_line(string name, string text, bool isAction)
    {
        Assert.True(MemberName.TryNormalize(name, out _));
        var rendered = Encoding.UTF8.GetString(PlainTextWire.Encode(new SequencedEvent(1, DateTimeOffset.UnixEpoch, new ChatMessage(name, text, isAction), 0)));

        foreach (var line in rendered.Split(['\n', '\u2028', '\u2029']))
        {
            Assert.False(line.StartsWith("***", StringComparison.Ordinal), line);
            Assert.False(line.StartsWith('!'), line);
        }
    }

    [Fact]
    public void The_me_left_forgery_of_the_finding_no_longer_matches_a_real_leave()
    {
        var forged = Encoding.UTF8.GetString(PlainTextWire.Encode(new SequencedEvent(1, DateTimeOffset.UnixEpoch, new ChatMessage("alice", "left (1 online)", true), 0)));
        var real = Encoding.UTF8.GetString(PlainTextWire.Encode(new SequencedEvent(2, DateTimeOffset.UnixEpoch, new MemberLeft("alice", 1), 0)));

        Assert.Equal("* alice left (1 online)", forged);
        Assert.Equal("*** alice left (1 online)", real);
    }

    /// <summary>Each bidi control and zero-width character, hidden in a message that means to reorder what others read.</summary>
    public static TheoryData<string> Invisible => new()
    {
        "\u202A", "\u202B", "\u202C", "\u202D", "\u202E",
        "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200E", "\u200F", "\u061C",
        "\u200B", "\u2060", "\uFEFF",
    };

    [Theory]
    [MemberData(nameof(Invisible))]
    public void Plain_text_strips_bidi_controls_and_zero_width_characters_from_messages_and_actions(string invisible)
    {
        var sent = $"pay {invisible}alice{invisible}: 100 {invisible}\n{invisible}ok";
        foreach (var isAction in new[] { false, true })
        {
            var plain = Encoding.UTF8.GetString(PlainTextWire.Encode(new SequencedEvent(1, DateTimeOffset.UnixEpoch, new ChatMessage("mallory", sent, isAction), 0)));

            Assert.DoesNotContain(invisible, plain, StringComparison.Ordinal);
            Assert.EndsWith("pay alice: 100 \n  ok", plain, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645")]
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467")]
    public void Plain_text_keeps_the_joiners_that_Persian_words_and_emoji_are_spelt_with(string sent)
    {
        var plain = Encoding.UTF8.GetString(PlainTextWire.Encode(new SequencedEvent(1, DateTimeOffset.UnixEpoch, new ChatMessage("mina", sent, false), 0)));

        Assert.Equal("mina: " + sent, plain);
    }

    [Fact]
    public void Json_carries_the_text_as_sent_for_the_client_to_isolate()
    {
        const string sent = "\u202Eabc\u202C \u2067\u05E9\u05DC\u05D5\u05DD\u2069 \U0001F468\u200D\U0001F469\u200D\U0001F467";
        var json = JsonDocument.Parse(JsonWire.Encode(new SequencedEvent(1, DateTimeOffset.UnixEpoch, new ChatMessage("mallory", sent, false), 0))).RootElement;

        Assert.Equal(sent, json.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("*alice")]
    [InlineData("!alice")]
    [InlineData("al:ice")]
    [InlineData("*** alice")]
    public void A_name_cannot_hold_the_characters_that_start_server_lines(string name) =>
        Assert.False(MemberName.TryNormalize(name, out _));
}
