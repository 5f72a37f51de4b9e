namespace ChatRoom.Endpoints;

/// <summary>503 with a plain-text reason and <c>Retry-After</c>: not now, but soon (full, unavailable, shutting down).</summary>
public sealed class ServiceUnavailable(string reason) : IResult
{
    public const string RetryAfterSeconds = "5";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        return Results.Text(reason + "\n", statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(httpContext);
    }
}
