namespace ChatRoom.Hosting;

/// <summary>
/// <c>dotnet ChatRoom.Web.dll --health-check [URL]</c>: asks the running server's <c>/healthz</c>
/// and exits 0 when it answers 200, 1 otherwise. It exists for the container HEALTHCHECK: the
/// aspnet and chiseled base images have no curl or wget, and the app already has an HTTP client.
/// </summary>
internal static class HealthCheckCommand
{
    public const string Switch = "--health-check";

    // Docker kills a check that overruns its own --timeout (3 s in the Dockerfile); failing a
    // little sooner reports "unhealthy" with our reason instead of a bare kill.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Timeout);

    /// <param name="timeout">How long the server may take to answer (tests on a loaded machine wait longer).</param>
    internal static async Task<int> RunAsync(string[] args, TimeSpan timeout)
    {
        var url = args.Length > 1 ? args[1] : DefaultUrl(Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
        try
        {
            using var http = new HttpClient { Timeout = timeout };
            using var response = await http.GetAsync(new Uri(url));
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync($"health check: {url} answered {(int)response.StatusCode}");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"health check: {url} failed: {e.Message}");
            return 1;
        }
    }

    // The check runs inside the container next to the server, so it follows the same
    // ASPNETCORE_HTTP_PORTS the server listens on (first port; 8080 is the image's default) and
    // uses loopback, which Kestrel serves whatever host the port is bound to.
    internal static string DefaultUrl(string? ports)
    {
        var first = ports?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault();
        return $"http://127.0.0.1:{first ?? "8080"}/healthz";
    }
}
