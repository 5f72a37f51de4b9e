using ChatRoom.Hosting;
using Microsoft.AspNetCore.Builder;

namespace ChatRoom.Tests;

public sealed class HealthCheckCommandTests
{
    [Theory]
    [InlineData(null, "http://127.0.0.1:8080/healthz")]
    [InlineData("", "http://127.0.0.1:8080/healthz")]
    [InlineData("9090", "http://127.0.0.1:9090/healthz")]
    [InlineData("9090;8081", "http://127.0.0.1:9090/healthz")]
    [InlineData(" 9090 , 8081", "http://127.0.0.1:9090/healthz")]
    public void Probes_the_first_port_the_server_listens_on(string? ports, string expected) =>
        Assert.Equal(expected, HealthCheckCommand.DefaultUrl(ports));

    /// <summary>The product's 2 s is for a container's check; a first request on a loaded test machine can take longer.</summary>
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Exits_0_when_healthz_answers_and_1_otherwise()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapGet("/healthz", () => "ok");
        await app.StartAsync(ct);
        // After start, Urls holds the port Kestrel actually bound.
        var address = app.Urls.Single();

        Assert.Equal(0, await HealthCheckCommand.RunAsync([HealthCheckCommand.Switch, $"{address}/healthz"], Patient));
        Assert.Equal(1, await HealthCheckCommand.RunAsync([HealthCheckCommand.Switch, $"{address}/missing"], Patient));
        Assert.Equal(1, await HealthCheckCommand.RunAsync([HealthCheckCommand.Switch, "not a url"], Patient));

        await app.StopAsync(ct);
        Assert.Equal(1, await HealthCheckCommand.RunAsync([HealthCheckCommand.Switch, $"{address}/healthz"], Patient));
    }
}
