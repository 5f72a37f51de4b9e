using System.Net.WebSockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// The real app, configured per test: in memory (fast) or on real Kestrel on a loopback port
/// (for what only real sockets show: TCP drops, slow readers, concurrency).
/// </summary>
public sealed class ChatServer : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private ChatServer(IDictionary<string, string?>? settings, Action<IServiceCollection>? services = null)
    {
        _services = services;
        // Tests read their own output; logs only where something went wrong.
        _settings = new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Warning",

            // Many hosts share this process: the idle trim reads process-wide GC figures and its
            // blocking collection would pause every host at once (Redis commands time out in 1 s).
            ["Chat:TrimMemoryWhenIdle"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public bool IsKestrel { get; private init; }

    private int Port { get; init; }

    /// <summary>The app on the in-memory test server.</summary>
    public static ChatServer InMemory(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        new(settings, services);

    /// <summary>
    /// The app on Kestrel, listening on a free loopback port, or on <paramref name="port"/> (a
    /// server restarted on the port its clients know, for reconnect tests).
    /// </summary>
    /// <param name="services">Replaces or adds services, e.g. a Serilog sink that captures the log.</param>
    public static ChatServer OnKestrel(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, int port = 0)
    {
        var server = new ChatServer(settings, services) { IsKestrel = true, Port = port };

        // Not UseKestrel(port): with the minimal-hosting entry point the app starts Kestrel on its
        // own thread, racing the factory's rewrite of the addresses ("cannot be modified after the
        // server has started"); a URL setting is read before the server starts.
        server.UseKestrel();
        server.StartServer();
        return server;
    }

    /// <summary>http://127.0.0.1:PORT/ on Kestrel; http://localhost/ in memory.</summary>
    public Uri BaseAddress => IsKestrel
        ? new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/")
        : Server.BaseAddress;

    public Uri SocketUri(string? name = null, string? query = null)
    {
        var builder = new UriBuilder(new Uri(BaseAddress, "/ws")) { Scheme = BaseAddress.Scheme == "https" ? "wss" : "ws" };
        var parts = new List<string>();
        if (name is not null)
        {
            parts.Add("name=" + Uri.EscapeDataString(name));
        }

        if (query is not null)
        {
            parts.Add(query);
        }

        builder.Query = string.Join('&', parts);
        return builder.Uri;
    }

    /// <summary>Joins as a member, over a real socket on Kestrel or the test server's in memory.</summary>
    public async Task<TestMember> JoinAsync(
        string? name = null,
        bool json = false,
        string? query = null,
        Action<IDictionary<string, string>>? headers = null)
    {
        var uri = SocketUri(name, query);
        var extra = new Dictionary<string, string>();
        headers?.Invoke(extra);
        if (IsKestrel)
        {
            return await TestMember.ConnectAsync(uri, json, headers: extra);
        }

        var client = Server.CreateWebSocketClient();
        if (json)
        {
            client.SubProtocols.Add("chatroom.v1.json");
        }

        client.ConfigureRequest = request =>
        {
            foreach (var (key, value) in extra)
            {
                request.Headers[key] = value;
            }
        };
        return new TestMember(await client.ConnectAsync(uri, TestContext.Current.CancellationToken), json);
    }

    /// <summary>Joins and reads up to the welcome, so the test starts from a known point.</summary>
    public async Task<TestMember> JoinedAsync(string? name = null, bool json = false)
    {
        var member = await JoinAsync(name, json);
        await member.ReadWelcomeAsync();
        return member;
    }

    /// <summary>An HTTP client for the API and health endpoints, over real sockets on Kestrel.</summary>
    public HttpClient CreateHttpClient() => IsKestrel ? new HttpClient { BaseAddress = BaseAddress } : CreateClient();

    /// <summary>
    /// Asks /readyz, as a balancer does, until it answers 200: a server on Redis connects and loads
    /// the room after it starts listening, and answers 503 until then.
    /// </summary>
    /// <exception cref="TimeoutException">Still not ready after <paramref name="within"/>.</exception>
    public async Task WaitUntilReadyAsync(TimeSpan within)
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        guard.CancelAfter(within);
        using var http = CreateHttpClient();
        try
        {
            while (true)
            {
                using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative), guard.Token);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(10), guard.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"not ready within {within.TotalSeconds:0.#} s");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (IsKestrel)
        {
            builder.UseSetting(WebHostDefaults.ServerUrlsKey, $"http://127.0.0.1:{Port}");
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }
}
