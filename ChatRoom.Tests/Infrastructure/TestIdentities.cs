using ChatRoom.Endpoints;
using ChatRoom.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ChatRoom.Tests.Infrastructure;

/// <summary>
/// Signed-in members without a token scheme: the server reads who a member is from a test header
/// (<c>SUBJECT;moderator</c> or <c>SUBJECT</c>), and clients reach it through a trusted proxy, so
/// each can come from an address of its own (<c>X-Forwarded-For</c>).
/// </summary>
internal static class TestIdentities
{
    public const string Header = "X-Test-Identity";

    /// <summary>Admin key, loopback as a trusted proxy, and the test header as the identity.</summary>
    public static Dictionary<string, string?> Settings(Dictionary<string, string?>? extra = null)
    {
        var settings = RoomAdmin.Settings();
        settings["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    public static void Install(IServiceCollection services) =>
        services.AddSingleton(new IdentifyMember(context => Read(context.Request.Headers[Header].ToString())));

    /// <summary>The upgrade's headers for a member at <paramref name="address"/>, signed in when <paramref name="subject"/> is set.</summary>
    public static Action<IDictionary<string, string>> Headers(string address, string? subject = null, bool moderator = false) =>
        headers =>
        {
            headers["X-Forwarded-For"] = address;
            if (subject is not null)
            {
                headers[Header] = moderator ? subject + ";moderator" : subject;
            }
        };

    private static MemberIdentity? Read(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        var parts = value.Split(';');
        return new MemberIdentity(parts[0], parts[0], parts.Length > 1 && parts[1] == "moderator");
    }
}
