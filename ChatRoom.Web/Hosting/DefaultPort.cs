namespace ChatRoom.Hosting;

/// <summary>
/// Port 8080 on every interface when nothing else says where to listen (the built dll run alone).
/// Set only then: a port in appsettings.json as well as the launch profile's URL or <c>--urls</c>
/// made ASP.NET Core log "Overriding HTTP_PORTS" on every start.
/// </summary>
internal static class DefaultPort
{
    public const string Port = "8080";

    private static readonly string[] AddressKeys = ["urls", "http_ports", "https_ports"];

    public static WebApplicationBuilder ListenOnDefaultPortUnlessTold(this WebApplicationBuilder builder)
    {
        if (IsUnset(builder.Configuration))
        {
            builder.WebHost.UseSetting("http_ports", Port);
        }

        return builder;
    }

    /// <summary>True when no address key and no Kestrel endpoint is configured.</summary>
    public static bool IsUnset(IConfiguration configuration) =>
        AddressKeys.All(key => string.IsNullOrEmpty(configuration[key]))
        && !configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
}
