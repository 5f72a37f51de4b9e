using System.Globalization;

namespace ChatRoom.Endpoints;

/// <summary>
/// 503 with a plain-text reason and <c>Retry-After</c>: not now, but soon (full, throttled,
/// unavailable, shutting down).
/// </summary>
internal sealed class ServiceUnavailable(string reason, TimeSpan? retryAfter = null) : IResult
{
    /// <summary>Members leave all the time, and outages are short: a few seconds is a fair first retry.</summary>
    public static readonly TimeSpan DefaultRetry = TimeSpan.FromSeconds(5);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter ?? DefaultRetry).TotalSeconds));
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Text(reason.EndsWith('\n') ? reason : reason + "\n",
            statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(httpContext);
    }
}
