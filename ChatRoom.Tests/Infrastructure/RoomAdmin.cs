using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// Server notices (POST /api/messages) and moderation (POST /api/rooms/{room}/moderation) through
/// the public API, not the room's internals.
/// </summary>
public static class RoomAdmin
{
    public const string Key = "page-admin-key";

    public static Dictionary<string, string?> Settings() => new() { ["Chat:AdminKey"] = Key };

    public static async Task PostNoticeAsync(ChatServer server, string text)
    {
        using var http = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(new { text }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Posts <paramref name="body"/> (JSON) as moderation; the answer's status.</summary>
    public static async Task<HttpStatusCode> ModerateAsync(ChatServer server, string body, string room = "general",
        string? key = Key)
    {
        using var http = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{room}/moderation")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
