namespace ChatRoom.Hosting;

/// <summary>
/// Browser hardening on every response. The page needs nothing beyond its own origin and its
/// own WebSocket, so a strict policy costs nothing and turns any injected markup into inert text.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private const string BasePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; connect-src 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy(context.Request.Host);
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return next(context);
    }

    /// <summary>
    /// 'self' does not cover ws: and wss: in every browser, so the socket's origin is named. The
    /// host comes from the request: it is only echoed when it looks like a host, so a forged Host
    /// header cannot add directives.
    /// </summary>
    public static string Policy(HostString host) =>
        host.HasValue && IsPlainHost(host.Value)
            ? $"{BasePolicy} ws://{host.Value} wss://{host.Value}"
            : BasePolicy;

    private static bool IsPlainHost(string host) =>
        host.Length <= 255 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']');
}

internal static class SecurityHeadersExtensions
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.UseMiddleware<SecurityHeaders>();
}
