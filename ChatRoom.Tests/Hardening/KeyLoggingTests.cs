using System.Net.Http.Headers;
using ChatRoom.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace ChatRoom.Tests.Hardening;

/// <summary>Access and admin keys never reach the log, whatever is turned up.</summary>
[Collection(RunsAlone.Name)]
public sealed class KeyLoggingTests
{
    private const string AccessKey = "k3y-0f-the-r00m";
    private const string AdminKey = "adm1n-k3y";

    [Fact]
    public async Task Keys_never_reach_the_log_even_at_the_most_verbose_level()
    {
        var log = new LogCapture();
        await using var server = ChatServer.OnKestrel(
            new Dictionary<string, string?>
            {
                ["Chat:AccessKey"] = AccessKey,
                ["Chat:AdminKey"] = AdminKey,
                ["Serilog:MinimumLevel:Default"] = "Verbose",
                ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
                ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose",
                ["Serilog:MinimumLevel:Override:System"] = "Verbose",

                // The console keeps quiet; the capture sees everything.
                ["Serilog:WriteTo:0:Args:restrictedToMinimumLevel"] = "Warning",
            },
            services => services.AddSingleton<ILogEventSink>(log));
        var cancellation = TestContext.Current.CancellationToken;

        // A member with the key in the query, one with a wrong key there, one with the key as a bearer token.
        await using (var member = await RawSocket.JoinAsync(server.BaseAddress, "alice", query: "key=" + AccessKey))
        {
            await member.WriteAsync(WsFrame.Close(1000));
            await member.ReadToEndAsync();
        }

        await using (var intruder = await RawSocket.ConnectAsync(server.BaseAddress))
        {
            Assert.Equal(401, (await intruder.UpgradeAsync("/ws?name=mallory&key=" + AccessKey + "-guess")).Status);
        }

        // The server reads the key's name unescaped and ignoring case, so these carry it too.
        await using (var shouting = await RawSocket.JoinAsync(server.BaseAddress, "carol", query: "KEY=" + AccessKey))
        {
            await shouting.WriteAsync(WsFrame.Close(1000));
            await shouting.ReadToEndAsync();
        }

        await using (var escaped = await RawSocket.JoinAsync(server.BaseAddress, "dave", query: "k%65y=" + AccessKey))
        {
            await escaped.WriteAsync(WsFrame.Close(1000));
            await escaped.ReadToEndAsync();
        }

        await using (var bearer = await RawSocket.ConnectAsync(server.BaseAddress))
        {
            Assert.Equal(101, (await bearer.UpgradeAsync("/ws?name=bob", [("Authorization", "Bearer " + AccessKey)])).Status);
            await bearer.WriteAsync(WsFrame.Close(1000));
            await bearer.ReadToEndAsync();
        }

        using (var http = server.CreateHttpClient())
        {
            using var notice = new HttpRequestMessage(HttpMethod.Post, "/api/messages?key=" + AdminKey) { Content = new StringContent("""{"text":"hi"}""", System.Text.Encoding.UTF8, "application/json") };
            notice.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
            Assert.Equal(202, (int)(await http.SendAsync(notice, cancellation)).StatusCode);
        }

        // The request log is written once a request completes; these prove the capture saw them all.
        await log.WaitForAsync("alice", "left after");
        await log.WaitForAsync("bob", "left after");
        await log.WaitForAsync("carol", "left after");
        await log.WaitForAsync("dave", "left after");
        await log.WaitForAsync("/api/messages", "responded 202");
        await log.WaitForAsync("/ws", "responded 401");
        await log.WaitForAsync("/ws", "responded 101");

        var leaks = log.Events.Where(e => e.Contains(AccessKey, StringComparison.Ordinal) || e.Contains(AdminKey, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, "keys in the log:\n" + string.Join('\n', leaks));
    }
}
