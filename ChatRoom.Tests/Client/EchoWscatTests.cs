using System.Diagnostics;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Client;

/// <summary>What a newcomer types first: <c>wscat -c ws://HOST/echo</c>, and the message comes back.</summary>
public sealed class EchoWscatTests
{
    [Fact]
    public async Task Wscat_gets_its_message_back_from_echo()
    {
        ExternalTools.Require("wscat", "npm install -g wscat");
        await using var server = ChatServer.OnKestrel();

        // -x sends, -w is wscat's own wait for the answer before it closes. Its standard input stays
        // open meanwhile: wscat closes the connection at once when its input ends.
        var start = new ProcessStartInfo("wscat") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", $"ws://{server.BaseAddress.Authority}/echo", "-x", "hello, echo", "-w", "2" })
        {
            start.ArgumentList.Add(argument);
        }

        using var wscat = Process.Start(start)!;
        var output = await wscat.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await wscat.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, wscat.ExitCode);
        Assert.Equal("hello, echo\n", output);
    }
}
