using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace ChatRoom.SignIn;

/// <summary>
/// Sign-in with JWTs, when configured: ASP.NET Core's JwtBearer handler, bound from
/// <c>Authentication:Schemes:Bearer</c> as ASP.NET Core binds it (<c>ValidIssuer</c>,
/// <c>ValidAudiences</c> and <c>SigningKeys</c> as <c>dotnet user-jwts</c> writes them, or
/// <c>Authority</c> and <c>Audience</c> for an OpenID Connect provider).
/// </summary>
internal static class SignInServices
{
    public const string SchemeSection = "Authentication:Schemes:" + JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Browsers cannot set headers on a WebSocket: the page sends its token in the query.</summary>
    public const string TokenParameter = "access_token";

    /// <summary>ASP.NET Core's switch (since .NET 7) against making a lone scheme the default one.</summary>
    private const string SuppressAutoDefaultScheme = "Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme";

    private const string DataProtectionKeyRingAtStart =
        "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    /// <remarks>
    /// The configuration is read when the services are resolved, not now: a test host (and any
    /// late configuration source) adds its settings after Program.cs registers the services.
    /// </remarks>
    public static IServiceCollection AddChatSignIn(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
            new TokenScheme(sp.GetRequiredService<IConfiguration>().GetSection(SchemeSection).Exists()));
        services.AddOptions<SignInOptions>()
            .BindConfiguration(SignInOptions.Section)
            .Validate<IConfiguration>((o, configuration) => !o.Required || configuration.GetSection(SchemeSection).Exists(),
                $"Chat:Identity:Required needs a token scheme: configure {SchemeSection} (docs/identity.md)")
            .Validate(o => o.NameClaim is null || IsClaimType(o.NameClaim),
                "Chat:Identity:NameClaim must be one claim type, such as name or email, or unset")
            .Validate(o => IsClaimType(o.ModeratorRole),
                "Chat:Identity:ModeratorRole must be a role name without spaces, such as moderator")
            .ValidateOnStart();
        services.AddSingleton<TokenSignIn>();
        services.AddSingleton<SignInRefusalLog>();
        // No default scheme: with one, the authentication middleware that WebApplication adds by
        // itself would run JwtBearer on every request and keep its handler (and a logger of its own)
        // for as long as each WebSocket lives, ≈ 1 KB per member. Only an upgrade asks for a token,
        // by scheme name (TokenSignIn).
        AppContext.SetSwitch(SuppressAutoDefaultScheme, true);
        services.AddAuthentication().AddJwtBearer();
        // AddAuthentication brings data protection, whose hosted service makes a key ring at start
        // (warnings about key storage in every container). JwtBearer only checks tokens and never
        // protects data, so the key ring is left to be made if something ever asks for it.
        foreach (var keyRingAtStart in services.Where(d => d.ServiceType == typeof(IHostedService)
                     && d.ImplementationType?.FullName == DataProtectionKeyRingAtStart).ToList())
        {
            services.Remove(keyRingAtStart);
        }
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure<TokenScheme>((jwt, scheme) =>
            {
                // Claims by their JWT names (sub, name, role), not mapped to .NET's long claim URIs.
                jwt.MapInboundClaims = false;
                var next = jwt.Events?.OnMessageReceived;
                jwt.Events ??= new JwtBearerEvents();
                jwt.Events.OnMessageReceived = async context =>
                {
                    // Without a scheme nothing is a token: Authorization: Bearer is the access or admin key.
                    if (!scheme.IsConfigured)
                    {
                        context.NoResult();
                        return;
                    }

                    if (next is not null)
                    {
                        await next(context);
                    }

                    if (context.Token is null && context.Request.Query[TokenParameter] is [{ Length: > 0 } token])
                    {
                        context.Token = token;
                    }
                };
            });
        return services;
    }

    private static bool IsClaimType(string value) =>
        value.Length is > 0 and <= 256 && !value.Any(char.IsWhiteSpace);
}
