using ChatRoom.Model;

namespace ChatRoom.Endpoints;

/// <summary>
/// Who may use the admin API (<c>POST /api/messages</c>, moderation): <c>Authorization: Bearer
/// ADMINKEY</c>. Without a configured key the API does not exist (404); a missing or wrong key is 401.
/// </summary>
internal static class AdminKey
{
    /// <returns>The refusal to send, or null when the request carries the admin key.</returns>
    public static IResult? Check(HttpContext context, ChatOptions options)
    {
        if (options.AdminKey is not { Length: > 0 } adminKey)
        {
            return Results.NotFound();
        }

        return AccessRules.KeyMatches(AccessRules.BearerToken(context.Request.Headers.Authorization), adminKey)
            ? null
            : Results.Text("a valid admin key is required: Authorization: Bearer KEY\n",
                statusCode: StatusCodes.Status401Unauthorized);
    }
}
