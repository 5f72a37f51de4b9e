using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// Tokens minted in the test with a symmetric key, and the server settings that trust that key,
/// in the shape <c>dotnet user-jwts</c> writes them (<c>Authentication:Schemes:Bearer</c>).
/// </summary>
public sealed class TestTokens
{
    public const string Issuer = "chatroom-tests";
    public const string Audience = "chatroom";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The server's settings: this key, issuer and audience, plus <paramref name="more"/>.</summary>
    public Dictionary<string, string?> Settings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Authentication:Schemes:Bearer:ValidAudiences:0"] = Audience,
            ["Authentication:Schemes:Bearer:ValidIssuer"] = Issuer,
            ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = Issuer,
            ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Convert.ToBase64String(_key),
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A token for <paramref name="claims"/> (by default one valid for an hour, from this key).</summary>
    public string Mint(
        IDictionary<string, object> claims,
        DateTime? expires = null,
        string audience = Audience,
        string issuer = Issuer,
        byte[]? key = null)
    {
        var now = DateTime.UtcNow;
        var expiry = expires ?? now.AddHours(1);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = expiry < now ? expiry.AddHours(-1) : now,
            NotBefore = expiry < now ? expiry.AddHours(-1) : now,
            Expires = expiry,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(key ?? _key), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>A token for <paramref name="name"/> (claims <c>sub</c> and <c>name</c>).</summary>
    public string For(string name, params string[] roles)
    {
        var claims = new Dictionary<string, object> { ["sub"] = "id-" + name, ["name"] = name };
        if (roles.Length > 0)
        {
            claims["roles"] = roles;
        }

        return Mint(claims);
    }

    /// <summary>The same claims with <c>alg: none</c> and no signature: a forgery anyone can write.</summary>
    public static string WithoutSignature(string name)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return Part("""{"alg":"none","typ":"JWT"}""") + "." +
            Part($$"""{"sub":"{{name}}","name":"{{name}}","iss":"{{Issuer}}","aud":"{{Audience}}","exp":{{exp}}}""") + ".";
    }
}
