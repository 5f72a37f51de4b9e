using Microsoft.AspNetCore.Mvc.Testing;

namespace ChatRoom.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task Healthz_answers()
    {
        await using var factory = new WebApplicationFactory<Program>();
        using var client = factory.CreateClient();
        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode);
    }
}
