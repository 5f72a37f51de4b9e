namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// Signed-in members for moderation tests: tokens from one <see cref="TestTokens"/> key (a name's
/// subject is <c>id-NAME</c>; a moderator's token has the role <c>moderator</c>), and clients that
/// reach the server through a trusted proxy, so each can come from an address of its own
/// (<c>X-Forwarded-For</c>).
/// </summary>
internal static class TestIdentities
{
    public static TestTokens Tokens { get; } = new();

    /// <summary>The token scheme, the admin key, and loopback as a trusted proxy.</summary>
    public static Dictionary<string, string?> Settings()
    {
        var settings = Tokens.Settings();
        settings[$"Chat:{nameof(ChatRoom.Model.ChatOptions.AdminKey)}"] = RoomAdmin.Key;
        settings["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        return settings;
    }

    /// <summary>A token for <paramref name="name"/>, a moderator's when <paramref name="moderator"/>.</summary>
    public static string Token(string name, bool moderator = false) =>
        moderator ? Tokens.For(name, "moderator") : Tokens.For(name);

    /// <summary>
    /// The upgrade's headers for a member at <paramref name="address"/>, signed in as
    /// <paramref name="signedInAs"/> when set.
    /// </summary>
    public static Action<IDictionary<string, string>> Headers(string address, string? signedInAs = null,
        bool moderator = false) =>
        headers =>
        {
            headers["X-Forwarded-For"] = address;
            if (signedInAs is not null)
            {
                headers["Authorization"] = "Bearer " + Token(signedInAs, moderator);
            }
        };
}
