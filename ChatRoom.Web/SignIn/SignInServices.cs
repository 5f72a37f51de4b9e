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

    public static IServiceCollection AddChatSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        var configured = configuration.GetSection(SchemeSection).Exists();
        services.AddSingleton(new TokenScheme(configured));
        services.AddOptions<SignInOptions>()
            .Bind(configuration.GetSection(SignInOptions.Section))
            .Validate(o => !o.Required || configured,
                $"Chat:Identity:Required needs a token scheme: configure {SchemeSection} (docs/identity.md)")
            .Validate(o => o.NameClaim is null || IsClaimType(o.NameClaim),
                "Chat:Identity:NameClaim must be one claim type, such as name or email, or unset")
            .Validate(o => IsClaimType(o.ModeratorRole),
                "Chat:Identity:ModeratorRole must be a role name without spaces, such as moderator")
            .ValidateOnStart();
        services.AddSingleton<TokenSignIn>();
        if (!configured)
        {
            return services;
        }

        services.AddAuthentication().AddJwtBearer();
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            // Claims by their JWT names (sub, name, role), not mapped to .NET's long claim URIs.
            jwt.MapInboundClaims = false;
            var next = jwt.Events?.OnMessageReceived;
            jwt.Events ??= new JwtBearerEvents();
            jwt.Events.OnMessageReceived = async context =>
            {
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
