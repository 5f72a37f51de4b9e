using System.Net;
using System.Net.Http.Headers;
using ChatRoom.Hosting;
using ChatRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace ChatRoom.Tests.Unit;

public sealed class SecurityHeadersTests
{
    [Fact]
    public void The_socket_of_the_requested_host_is_allowed()
    {
        var policy = SecurityHeaders.Policy(new HostString("chat.example.com:8443"));
        Assert.StartsWith("default-src 'self';", policy, StringComparison.Ordinal);
        Assert.EndsWith("connect-src 'self' ws://chat.example.com:8443 wss://chat.example.com:8443", policy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evil; script-src *")]
    [InlineData("host'unsafe-inline'")]
    public void A_host_that_is_not_a_host_adds_nothing_to_the_policy(string host)
    {
        var policy = SecurityHeaders.Policy(new HostString(host));
        Assert.EndsWith("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_is_served_compressed_with_validators_and_the_policy()
    {
        await using var server = ChatServer.InMemory();
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.NotNull(response.Headers.ETag);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }
}
