namespace ChatRoom.Client.Connection;

/// <summary>
/// The <c>/ws</c> address with the member's name, its room, the access key and, on a reconnect, where to resume.
/// </summary>
internal static class SocketUri
{
    /// <param name="key">
    /// The access key, sent as <c>?key=</c>: a server with sign-in takes <c>Authorization: Bearer</c> for
    /// a token only, and the server masks the key in what it logs.
    /// </param>
    public static Uri For(Uri baseUri, string name, string? room, ResumePosition? resume, string? key = null)
    {
        // Whatever else the app put in the query stays, and so do its room= and key= unless given here.
        string?[] ours = ["name", "since", "epoch", room is null ? null : "room", key is null ? null : "key"];
        var kept = baseUri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !ours.Contains(pair.Split('=')[0], StringComparer.OrdinalIgnoreCase));
        var query = new List<string>(kept) { "name=" + Uri.EscapeDataString(name) };
        if (room is not null)
        {
            query.Add("room=" + Uri.EscapeDataString(room));
        }

        if (key is not null)
        {
            query.Add("key=" + Uri.EscapeDataString(key));
        }

        if (resume is not null)
        {
            query.Add($"since={resume.LastId}");
            query.Add("epoch=" + Uri.EscapeDataString(resume.Epoch));
        }

        return new UriBuilder(baseUri) { Query = string.Join('&', query) }.Uri;
    }
}

/// <summary>Where a connection to a room resumes: the highest id the app was given, in its epoch.</summary>
internal sealed record ResumePosition(string Epoch, long LastId);
