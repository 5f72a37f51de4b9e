using ChatRoom.Hosting;
using Microsoft.Extensions.Configuration;

namespace ChatRoom.Tests.Unit;

/// <summary>The built dll run alone listens on 8080; anything that names an address wins, without a warning.</summary>
public sealed class DefaultPortTests
{
    [Fact]
    public void Nothing_configured_means_the_default_port()
    {
        Assert.True(DefaultPort.IsUnset(Configuration()));
    }

    [Theory]
    [InlineData("urls", "http://localhost:8081")]
    [InlineData("http_ports", "9000")]
    [InlineData("https_ports", "9443")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://localhost:8082")]
    public void An_address_from_anywhere_replaces_the_default(string key, string value)
    {
        Assert.False(DefaultPort.IsUnset(Configuration((key, value))));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)))
            .Build();
}
