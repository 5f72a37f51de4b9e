using System.Text;
using System.Text.Json;
using ChatRoom.Model;
using ChatRoom.Names;
using ChatRoom.Protocol;
using ChatRoom.Wire;

namespace ChatRoom.Tests.Unit;

public sealed class WireFormatTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static SequencedEvent At(long id, RoomEvent body, long origin = 0) => new(id, Noon, body, origin);

    private static string Plain(RoomEvent body) => Encoding.UTF8.GetString(PlainTextWire.Encode(At(1, body)));

    private static JsonElement Json(RoomEvent body, long id = 42) => JsonDocument.Parse(JsonWire.Encode(At(id, body))).RootElement;

    [Fact]
    public void Plain_text_renders_each_event_as_one_line()
    {
        Assert.Equal("alice: hello", Plain(new ChatMessage("alice", "hello", false)));
        Assert.Equal("* alice waves", Plain(new ChatMessage("alice", "waves", true)));
        Assert.Equal("*** carol joined (3 online)", Plain(new MemberJoined("carol", 3)));
        Assert.Equal("*** carol left (2 online)", Plain(new MemberLeft("carol", 2)));
        Assert.Equal("*** alice is now bob", Plain(new MemberRenamed("alice", "bob")));
        Assert.Equal("*** notice: maintenance at noon", Plain(new Notice("maintenance at noon")));
    }

    [Fact]
    public void Plain_text_indents_continuation_lines_so_nobody_can_forge_server_lines()
    {
        Assert.Equal("mallory: hi\n  * alice left (1 online)\n  ! error", Plain(new ChatMessage("mallory", "hi\n* alice left (1 online)\n! error", false)));
    }

    [Fact]
    public void Plain_text_replies()
    {
        Assert.Equal("*** 3 online: alice, bob, carol", Encoding.UTF8.GetString(PlainTextWire.Encode(new MemberList(["alice", "bob", "carol"], 3))));
        Assert.Equal("! message too long (max 4096 bytes)", Encoding.UTF8.GetString(PlainTextWire.Encode(new ErrorReply(ErrorCodes.TooLong, "message too long (max 4096 bytes)"))));
        Assert.StartsWith("*** commands: /nick", Encoding.UTF8.GetString(PlainTextWire.Encode(new HelpText(ChatInput.HelpText))), StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_welcome_replays_history_then_greets()
    {
        var history = new[] { new EncodedEvent(At(7, new ChatMessage("bob", "earlier", false))), new EncodedEvent(At(8, new ChatMessage("bob", "shrugs", true))) };
        var frames = PlainTextWire.EncodeWelcome(new Welcome("alice", 3, ["alice", "bob", "carol"], history, 4096, "e1", 8, null)).Select(f => Encoding.UTF8.GetString(f)).ToArray();
        Assert.Equal(["bob: earlier", "* bob shrugs", "*** welcome, alice: 3 online (alice, bob, carol). /help lists commands"], frames);
    }

    [Fact]
    public void Plain_text_welcome_in_a_big_room_counts_the_members_it_does_not_list()
    {
        var frames = PlainTextWire.EncodeWelcome(new Welcome("alice", 250, ["alice", "bob"], [], 4096, "e1", 0, null)).Select(f => Encoding.UTF8.GetString(f));
        Assert.Equal("*** welcome, alice: 250 online (alice, bob and 248 more). /help lists commands", Assert.Single(frames));
    }

    [Fact]
    public void Plain_text_name_lines_are_exact_utf8_with_non_ascii_names()
    {
        var welcome = new Welcome("Zoë", 4, ["Zoë", "小明", "😀fan"], [], 4096, "e1", 0, null) { Room = "spiel", InDefaultRoom = false };
        var frame = Assert.Single(PlainTextWire.EncodeWelcome(welcome));
        Assert.Equal("*** welcome, Zoë: 4 online in spiel (Zoë, 小明, 😀fan and 1 more). /help lists commands", Encoding.UTF8.GetString(frame));
        Assert.Equal(Encoding.UTF8.GetByteCount("*** welcome, Zoë: 4 online in spiel (Zoë, 小明, 😀fan and 1 more). /help lists commands"), frame.Length);
        Assert.Equal("*** 1 online: 小明", Encoding.UTF8.GetString(PlainTextWire.Encode(new MemberList(["小明"], 1))));
        Assert.Equal("*** 0 online: ", Encoding.UTF8.GetString(PlainTextWire.Encode(new MemberList([], 0))));
    }

    [Fact]
    public void Json_message_has_type_first_and_camel_case_fields()
    {
        var text = Encoding.UTF8.GetString(JsonWire.Encode(At(42, new ChatMessage("alice", "hi <b>", false))));
        Assert.Equal("""{"type":"message","id":42,"from":"alice","text":"hi <b>","ts":"2026-11-26T12:00:00.000Z"}""", text);
    }

    [Fact]
    public void Json_action_is_flagged() => Assert.True(Json(new ChatMessage("alice", "waves", true)).GetProperty("action").GetBoolean());

    [Fact]
    public void Json_room_events_carry_id_and_timestamp()
    {
        var join = Json(new MemberJoined("carol", 3), 43);
        Assert.Equal(("join", 43, "carol", 3), (join.GetProperty("type").GetString(), join.GetProperty("id").GetInt32(), join.GetProperty("name").GetString(), join.GetProperty("online").GetInt32()));
        var leave = Json(new MemberLeft("carol", 2), 44);
        Assert.Equal(("leave", 44, 2), (leave.GetProperty("type").GetString(), leave.GetProperty("id").GetInt32(), leave.GetProperty("online").GetInt32()));
        var rename = Json(new MemberRenamed("alice", "bob"), 45);
        Assert.Equal(("rename", "alice", "bob"), (rename.GetProperty("type").GetString(), rename.GetProperty("from").GetString(), rename.GetProperty("to").GetString()));
        var notice = Json(new Notice("hi all"), 46);
        Assert.Equal(("notice", "hi all", "2026-11-26T12:00:00.000Z"), (notice.GetProperty("type").GetString(), notice.GetProperty("text").GetString(), notice.GetProperty("ts").GetString()));
    }

    [Fact]
    public void Json_ack_names_the_message_id() =>
        Assert.Equal("""{"type":"ack","id":42,"ts":"2026-11-26T12:00:00.000Z"}""", Encoding.UTF8.GetString(JsonWire.EncodeAck(At(42, new ChatMessage("a", "b", false)))));

    [Fact]
    public void Json_welcome_embeds_history_events()
    {
        var history = new[] { new EncodedEvent(At(7, new ChatMessage("bob", "earlier", false))) };
        var welcome = JsonDocument.Parse(JsonWire.Encode(new Welcome("alice", 2, ["alice", "bob"], history, 4096, "e1", 8, null))).RootElement;
        Assert.Equal("welcome", welcome.GetProperty("type").GetString());
        Assert.Equal("alice", welcome.GetProperty("you").GetString());
        Assert.Equal(["alice", "bob"], welcome.GetProperty("members").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(4096, welcome.GetProperty("maxMessageBytes").GetInt32());
        Assert.Equal(("e1", 8), (welcome.GetProperty("epoch").GetString(), welcome.GetProperty("last").GetInt64()));
        Assert.False(welcome.TryGetProperty("resumed", out _));
        var past = Assert.Single(welcome.GetProperty("history").EnumerateArray());
        Assert.Equal((7, "earlier"), (past.GetProperty("id").GetInt32(), past.GetProperty("text").GetString()));
    }

    [Fact]
    public void Json_replies()
    {
        var error = JsonDocument.Parse(JsonWire.Encode(new ErrorReply(ErrorCodes.NameTaken, "name taken"))).RootElement;
        Assert.Equal(("error", "name_taken", "name taken"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString(), error.GetProperty("message").GetString()));
        var members = JsonDocument.Parse(JsonWire.Encode(new MemberList(["a", "b"], 2))).RootElement;
        Assert.Equal("members", members.GetProperty("type").GetString());
        Assert.Equal(2, members.GetProperty("members").GetArrayLength());
        var help = JsonDocument.Parse(JsonWire.Encode(new HelpText("commands: x"))).RootElement;
        Assert.Equal(("help", "commands: x"), (help.GetProperty("type").GetString(), help.GetProperty("text").GetString()));
    }

    [Fact]
    public void Each_event_is_encoded_once_per_format()
    {
        var encoded = new EncodedEvent(At(1, new ChatMessage("a", "b", false)));
        Assert.Same(encoded.For(WireFormat.PlainText), encoded.For(WireFormat.PlainText));
        Assert.Same(encoded.For(WireFormat.Json), encoded.For(WireFormat.Json));
        Assert.Same(encoded.ForOrigin(WireFormat.Json), encoded.ForOrigin(WireFormat.Json));
        Assert.Null(encoded.ForOrigin(WireFormat.PlainText));
    }
}
