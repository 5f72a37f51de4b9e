using System.Text;
using System.Text.Json;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Integration;

/// <summary>Over a real socket, JSON frames and the room API carry emoji and CJK as UTF-8, not <c>\u</c> escapes.</summary>
public sealed class Utf8JsonTests
{
    private const string Text = "你好，世界 😀 <img src=x onerror=alert(1)> \"q\" \\ end";

    [Fact]
    public async Task A_message_of_emoji_and_CJK_arrives_in_its_UTF_8_bytes_and_reads_back_unchanged()
    {
        await using var server = ChatServer.OnKestrel();
        await using var reader = await server.JoinedAsync("小明", json: true);
        await using var sender = await server.JoinedAsync("李雷");
        await reader.ReceiveJsonUntilAsync("join");

        await sender.SendAsync(Text);

        var frame = await reader.ReceiveUntilAsync(f => f.StartsWith("{\"type\":\"message\"", StringComparison.Ordinal));
        Assert.Contains("\"from\":\"李雷\",\"text\":\"你好，世界 😀 <img src=x onerror=alert(1)> \\\"q\\\" \\\\ end\"", frame, StringComparison.Ordinal);
        Assert.Equal(Text, JsonDocument.Parse(frame).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_room_api_lists_names_in_their_UTF_8_bytes()
    {
        await using var server = ChatServer.OnKestrel();
        // 𠮷 (U+20BB7, as in 𠮷野家) is a letter outside the Basic Multilingual Plane, like every emoji.
        await using var member = await server.JoinedAsync("𠮷野");
        using var http = server.CreateHttpClient();

        var body = await http.GetByteArrayAsync(new Uri("/api/room", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("\"members\":[\"𠮷野\"]", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.Equal("𠮷野", Assert.Single(JsonDocument.Parse(body).RootElement.GetProperty("members").EnumerateArray()).GetString());
    }
}
