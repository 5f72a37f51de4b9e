using Microsoft.IdentityModel.Tokens;

namespace ChatRoom.SignIn;

/// <summary>Why a token was refused, as a short metric label and a sentence for the 401's body.</summary>
internal static class SignInReasons
{
    public const string Missing = "missing";
    public const string Expired = "expired";
    public const string NotYetValid = "not_yet_valid";
    public const string Audience = "audience";
    public const string Issuer = "issuer";
    public const string Signature = "signature";
    public const string Malformed = "malformed";
    public const string Name = "name";
    public const string Invalid = "invalid";

    /// <summary>The label and sentence for what JwtBearer's validation threw; never the token itself.</summary>
    public static (string Reason, string Message) Of(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => (Expired, "the token has expired"),
        SecurityTokenNotYetValidException => (NotYetValid, "the token is not valid yet"),
        SecurityTokenInvalidAudienceException => (Audience, "the token is for another audience"),
        SecurityTokenInvalidIssuerException => (Issuer, "the token is from an issuer this server does not trust"),
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException
            or SecurityTokenInvalidAlgorithmException =>
            (Signature, "the token's signature is missing or not from a key this server trusts"),
        SecurityTokenMalformedException or ArgumentException => (Malformed, "the token is not a JWT"),
        _ => (Invalid, "the token is not valid"),
    };
}
