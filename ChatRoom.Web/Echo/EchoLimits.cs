using ChatRoom.Model;

namespace ChatRoom.Echo;

/// <summary>The <c>Chat</c> limits an echo connection is held to: the same as a member's.</summary>
internal sealed record EchoLimits(int MaxMessageBytes, RateLimitOptions RateLimit, TimeSpan SendTimeout,
    TimeSpan CloseHandshakeTimeout)
{
    public static EchoLimits From(ChatOptions options) =>
        new(options.MaxMessageBytes, options.RateLimit, options.SendTimeout, options.CloseHandshakeTimeout);
}
