using System.Security.Claims;
using ChatRoom.Diagnostics;
using ChatRoom.Model;
using ChatRoom.Names;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace ChatRoom.SignIn;

/// <summary>
/// Reads an upgrade's token with ASP.NET Core's JwtBearer handler and turns it into a member's
/// identity. A missing token is anonymous (401 when <see cref="SignInOptions.Required"/>); a token
/// that is present but fails validation is always 401, never anonymous.
/// </summary>
internal sealed class TokenSignIn(
    IOptions<SignInOptions> options,
    TokenScheme scheme,
    ChatMetrics metrics,
    SignInRefusalLog refusals)
{
    private readonly SignInOptions _options = options.Value;

    /// <summary>True while <c>Authentication:Schemes:Bearer</c> is configured: tokens are checked.</summary>
    public bool IsConfigured => scheme.IsConfigured;

    /// <summary>The upgrade's identity, or its refusal, counted and (at most once a minute per address) logged.</summary>
    public async Task<SignInOutcome> AuthenticateAsync(HttpContext context)
    {
        if (!scheme.IsConfigured)
        {
            return SignInOutcome.Anonymous;
        }

        var outcome = await ReadTokenAsync(context);
        if (outcome.IsRefused)
        {
            metrics.SignInRefused(outcome.Reason!);
            refusals.Refused(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", outcome.Reason!);
        }
        else if (outcome.Identity is not null)
        {
            metrics.SignedIn();
        }

        return outcome;
    }

    private async Task<SignInOutcome> ReadTokenAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (result.Succeeded)
        {
            return FromClaims(result.Principal);
        }

        if (result.None)
        {
            return _options.Required
                ? SignInOutcome.Refused(SignInReasons.Missing,
                    "sign-in is required: send a token as ?access_token=TOKEN or Authorization: Bearer TOKEN")
                : SignInOutcome.Anonymous;
        }

        var (reason, message) = SignInReasons.Of(result.Failure);
        return SignInOutcome.Refused(reason, message);
    }

    /// <summary>
    /// The name claim must make a valid name as it stands: a suffix or a cleaned-up spelling would
    /// be a name the token does not vouch for, so a token without one is refused instead.
    /// </summary>
    private SignInOutcome FromClaims(ClaimsPrincipal principal)
    {
        var raw = _options.NameClaims
            .Select(type => principal.FindFirst(type)?.Value)
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
        if (raw is null)
        {
            return SignInOutcome.Refused(SignInReasons.Name,
                $"the token carries no name: none of the claims {string.Join(", ", _options.NameClaims)}");
        }

        if (!MemberName.TryNormalize(raw, out var name, out var problem))
        {
            return SignInOutcome.Refused(SignInReasons.Name, $"the token's name is not a valid name here: {problem}");
        }

        var subject = principal.FindFirst("sub")?.Value is { Length: > 0 } sub ? sub : name;
        var moderator = principal.FindAll("role").Concat(principal.FindAll("roles"))
            .Any(role => string.Equals(role.Value, _options.ModeratorRole, StringComparison.Ordinal));
        return SignInOutcome.SignedIn(new MemberIdentity(subject, name, moderator));
    }
}

/// <summary>Whether the configuration holds a token scheme (<c>Authentication:Schemes:Bearer</c>).</summary>
internal sealed record TokenScheme(bool IsConfigured);
