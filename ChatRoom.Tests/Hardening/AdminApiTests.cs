using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Hardening;

/// <summary><c>POST /api/messages</c> with <c>Chat:AdminKey</c>: every refusal, and a notice in both formats.</summary>
public sealed class AdminApiTests
{
    private const string AdminKey = "adm1n-k3y";

    private static readonly Dictionary<string, string?> WithAdminKey = new()
    {
        ["Chat:AdminKey"] = AdminKey,
        ["Chat:MaxMessageBytes"] = "64",
    };

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer " + AdminKey)]
    public async Task Without_an_admin_key_configured_the_endpoint_is_not_there(string? authorization)
    {
        await using var server = ChatServer.OnKestrel();
        using var http = server.CreateHttpClient();
        Assert.Equal(HttpStatusCode.NotFound, await PostAsync(http, """{"text":"hi"}""", authorization));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer wrong")]
    [InlineData("Bearer " + AdminKey + "x")]
    [InlineData("Basic " + AdminKey)]
    [InlineData(AdminKey)]
    public async Task Without_the_admin_key_a_notice_is_refused_with_401(string? authorization)
    {
        await using var server = ChatServer.OnKestrel(WithAdminKey);
        using var http = server.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, """{"text":"hi"}""", authorization));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"text":null}""")]
    [InlineData("""{"text":5}""")]
    [InlineData("""{"text":""}""")]
    [InlineData("""{"text":"  \n\t "}""")]
    [InlineData("""{"text":"\u0001\u0002"}""")]
    [InlineData("""{"text":"hi"} trailing""")]
    public async Task A_malformed_or_empty_body_is_refused_with_400(string body)
    {
        await using var server = ChatServer.OnKestrel(WithAdminKey);
        using var http = server.CreateHttpClient();
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(http, body, "Bearer " + AdminKey));
    }

    [Fact]
    public async Task A_text_over_MaxMessageBytes_is_refused_with_400_and_one_at_the_limit_is_accepted()
    {
        await using var server = ChatServer.OnKestrel(WithAdminKey);
        using var http = server.CreateHttpClient();
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(http, $$"""{"text":"{{new string('x', 65)}}"}""", "Bearer " + AdminKey));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(http, $$"""{"text":"{{string.Concat(Enumerable.Repeat("é", 33))}}"}""", "Bearer " + AdminKey));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(http, $$"""{"text":"{{new string('x', 64)}}"}""", "Bearer " + AdminKey));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_huge_body_is_refused_with_400_with_or_without_a_Content_Length(bool declared)
    {
        await using var server = ChatServer.OnKestrel(WithAdminKey);
        using var http = server.CreateHttpClient();
        var huge = $$"""{"text":"{{new string('x', 100_000)}}"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var bytes = Encoding.UTF8.GetBytes(huge);
        request.Content = declared
            ? new ByteArrayContent(bytes)
            : new StreamContent(new UnknownLengthStream(bytes));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_accepted_notice_reaches_a_plain_and_a_json_member()
    {
        await using var server = ChatServer.OnKestrel(WithAdminKey);
        await using var plain = await server.JoinedAsync("plain");
        await using var json = await server.JoinedAsync("json", json: true);
        using var http = server.CreateHttpClient();

        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(http, """{"text":"  maintenance at 18:00\u0007  "}""", "Bearer " + AdminKey));

        Assert.Equal("*** notice: maintenance at 18:00", await plain.ReceiveUntilAsync(line => line.StartsWith("*** notice", StringComparison.Ordinal)));
        var notice = await json.ReceiveJsonUntilAsync("notice");
        Assert.Equal("maintenance at 18:00", notice.GetProperty("text").GetString());
        Assert.True(notice.GetProperty("id").GetInt64() > 0);
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, string body, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    /// <summary>A body sent chunked, so only the server's body-size limit can stop it.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
