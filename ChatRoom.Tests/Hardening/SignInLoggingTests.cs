using ChatRoom.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace ChatRoom.Tests.Hardening;

/// <summary>
/// Tokens never reach the log, whatever is turned up; a refused sign-in is logged at most once a
/// minute per address (SignInRefusalLogTests moves the clock), and every one is counted.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class SignInLoggingTests
{
    [Fact]
    public async Task Tokens_never_reach_the_log_and_repeated_refusals_from_one_address_are_logged_once()
    {
        var tokens = new TestTokens();
        var log = new LogCapture();
        await using var server = ChatServer.OnKestrel(
            tokens.Settings(
                ("Serilog:MinimumLevel:Default", "Verbose"),
                ("Serilog:MinimumLevel:Override:Microsoft", "Verbose"),
                ("Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "Verbose"),
                ("Serilog:MinimumLevel:Override:System", "Verbose"),
                ("Serilog:WriteTo:0:Args:restrictedToMinimumLevel", "Warning")),
            services => services.AddSingleton<ILogEventSink>(log));
        var valid = tokens.For("alice");
        var expired = tokens.Mint(
            new Dictionary<string, object> { ["sub"] = "bob", ["name"] = "bob" }, expires: DateTime.UtcNow.AddHours(-1));

        await using (var alice = await RawSocket.JoinAsync(server.BaseAddress, "x", query: "access_token=" + valid))
        {
            await alice.WriteAsync(WsFrame.Close(1000));
            await alice.ReadToEndAsync();
        }

        await using (var header = await RawSocket.ConnectAsync(server.BaseAddress))
        {
            Assert.Equal(101, (await header.UpgradeAsync("/ws", [("Authorization", "Bearer " + valid)])).Status);
        }

        for (var i = 0; i < 3; i++)
        {
            await using var refused = await RawSocket.ConnectAsync(server.BaseAddress);
            Assert.Equal(401, (await refused.UpgradeAsync("/ws?ACCESS_TOKEN=" + expired)).Status);
        }

        using var http = server.CreateHttpClient();
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        await log.WaitForAsync("alice", "left after");
        await log.WaitForAsync("/ws", "responded 401");

        var leaks = log.Events.Where(e => e.Contains(valid, StringComparison.Ordinal)
            || e.Contains(expired, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, "tokens in the log:\n" + string.Join('\n', leaks));
        Assert.Single(log.Events, e => e.Contains("Sign-in refused", StringComparison.Ordinal));
        Assert.Equal(2, PrometheusText.Value(metrics, "chatroom_signins_total"));
        Assert.Equal(3, PrometheusText.Value(metrics, "chatroom_signins_refused_total", "reason=\"expired\""));
    }
}
