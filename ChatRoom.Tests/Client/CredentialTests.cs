using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ChatRoom.Cli;
using ChatRoom.Client;
using ChatRoom.Tests.Infrastructure;

namespace ChatRoom.Tests.Client;

/// <summary>
/// How the client presents itself: the access key as <c>?key=</c> (a server with sign-in reads
/// <c>Authorization: Bearer</c> as a token only) and a sign-in token in that header.
/// </summary>
public sealed class CredentialTests
{
    [Fact]
    public async Task The_key_goes_in_the_query_and_the_token_in_the_Authorization_header()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var options = new ChatClientOptions { AccessToken = "eyJ.payload.sig", Room = "games" };
        var connecting = ChatClient.ConnectAsync(new Uri($"ws://{listener.LocalEndpoint}/ws?key=stale"), "alice",
            key: "k&1", options, ct);

        string request;
        using (var accepted = await listener.AcceptSocketAsync(ct))
        {
            request = await ReadRequestHeadAsync(accepted, ct);
        }

        await Assert.ThrowsAsync<ChatConnectException>(() => connecting);
        var lines = request.Split("\r\n");
        Assert.StartsWith("GET /ws?name=alice&room=games&key=k%261 HTTP/1.1", lines[0], StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer eyJ.payload.sig", lines);
    }

    [Fact]
    public async Task Without_a_token_the_key_still_goes_in_the_query_and_the_real_server_takes_it()
    {
        await using var server = ChatServer.OnKestrel(new Dictionary<string, string?> { ["Chat:AccessKey"] = "the key" });

        await using var alice = await ClientConnections.ConnectAsync(server.BaseAddress, "alice", key: "the key");

        Assert.True(alice.IsConnected);
    }

    [Fact]
    public async Task An_anonymous_member_with_the_key_joins_a_server_with_a_token_scheme()
    {
        await using var server = ChatServer.OnKestrel(new TestTokens().Settings(("Chat:AccessKey", "the key")));

        await using var bob = await ClientConnections.ConnectAsync(server.BaseAddress, "bob", key: "the key");

        Assert.Equal("bob", bob.Name);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_cli_signs_in_with_token_or_CHATROOM_TOKEN_and_keeps_it_across_a_join(bool fromEnvironment)
    {
        var ct = TestContext.Current.CancellationToken;
        var tokens = new TestTokens();
        await using var server = ChatServer.OnKestrel(tokens.Settings(("Chat:AccessKey", "the key")));
        await using var bob = await server.JoinAsync("bob", json: true, query: "key=the%20key");
        await bob.ReadWelcomeAsync();
        var start = new ProcessStartInfo(ExternalTools.DotnetHost) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        string[] arguments = [ExternalTools.CliDll, ClientConnections.SocketUri(server.BaseAddress).ToString(), "--name", "mallory", "--room", "games", "--key", "the key"];
        foreach (var argument in fromEnvironment ? arguments : [.. arguments, "--token", tokens.For("alice")])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CHATROOM_TOKEN"] = fromEnvironment ? tokens.For("alice") : "";
        using var cli = Process.Start(start)!;
        var output = cli.StandardOutput.ReadToEndAsync(ct);
        await cli.StandardInput.WriteLineAsync("/join general".AsMemory(), ct);
        Assert.Equal("alice", (await bob.ReceiveJsonUntilAsync("join")).GetProperty("name").GetString());
        cli.StandardInput.Close();
        await cli.WaitForExitAsync(ct);

        var text = (await output).Replace("\n" + ScreenRows.Indent, " ", StringComparison.Ordinal);
        Assert.True(cli.ExitCode == 0, text);
        Assert.Contains("connected as alice in games", text, StringComparison.Ordinal);
        Assert.Contains("joined general as alice", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cli_takes_the_token_from_token_or_from_the_environment()
    {
        Assert.Equal("t1", CliArguments.Parse(["--token", "t1"], null, "from-env", out _)!.Token);
        Assert.Equal("t2", CliArguments.Parse(["-t", "t2"], null, null, out _)!.Token);
        Assert.Equal("from-env", CliArguments.Parse([], null, "from-env", out _)!.Token);
        Assert.Null(CliArguments.Parse([], null, "", out _)!.Token);
        Assert.Contains("CHATROOM_TOKEN", CliArguments.Usage, StringComparison.Ordinal);
    }

    /// <summary>The request line and headers, up to the empty line.</summary>
    private static async Task<string> ReadRequestHeadAsync(Socket socket, CancellationToken ct)
    {
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, ct).AsTask().WaitAsync(RawSocket.HangGuard, ct);
            Assert.True(read > 0, $"the client closed before the end of its request: {head}");
            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return head.ToString();
    }
}
