using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>Server notices through the public API (POST /api/messages), not the room's internals.</summary>
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
}
