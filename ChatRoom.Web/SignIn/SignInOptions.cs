namespace ChatRoom.SignIn;

/// <summary>
/// The <c>Chat:Identity</c> section: what a signed-in member's token means here. The token scheme
/// itself is ASP.NET Core's, in <c>Authentication:Schemes:Bearer</c> (<see cref="SignInServices"/>).
/// </summary>
internal sealed class SignInOptions
{
    public const string Section = "Chat:Identity";

    /// <summary>The claims a name is taken from, first present first, when <see cref="NameClaim"/> is unset.</summary>
    public static readonly IReadOnlyList<string> DefaultNameClaims = ["name", "preferred_username", "sub"];

    /// <summary>True: an upgrade without a token is refused with 401 instead of joining anonymously.</summary>
    public bool Required { get; set; }

    /// <summary>The one claim a signed-in member's name comes from; unset: name, preferred_username, sub.</summary>
    public string? NameClaim { get; set; }

    /// <summary>The role (claim <c>role</c> or <c>roles</c>) that makes a signed-in member a moderator.</summary>
    public string ModeratorRole { get; set; } = "moderator";

    public IReadOnlyList<string> NameClaims => NameClaim is { Length: > 0 } one ? [one] : DefaultNameClaims;
}
