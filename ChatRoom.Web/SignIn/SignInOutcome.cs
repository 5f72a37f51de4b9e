using ChatRoom.Model;

namespace ChatRoom.SignIn;

/// <summary>
/// What an upgrade's token says: anonymous (no token, or no token scheme), signed in as
/// <see cref="Identity"/>, or refused with 401 for <see cref="Reason"/> (a metric label) and
/// <see cref="Message"/> (the plain-text answer).
/// </summary>
internal sealed record SignInOutcome(MemberIdentity? Identity, string? Reason, string? Message)
{
    public static readonly SignInOutcome Anonymous = new(null, null, null);

    public bool IsRefused => Reason is not null;

    public static SignInOutcome SignedIn(MemberIdentity identity) => new(identity, null, null);

    public static SignInOutcome Refused(string reason, string message) => new(null, reason, message);
}
