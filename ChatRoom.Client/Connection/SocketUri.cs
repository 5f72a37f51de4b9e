namespace ChatRoom.Client.Connection;

/// <summary>The <c>/ws</c> address with the member's name, its room and, on a reconnect, where to resume.</summary>
internal static class SocketUri
{
    public static Uri For(Uri baseUri, string name, string? room, ResumePosition? resume)
    {
        // Whatever else the app put in the query (e.g. key=) stays, and so does its room= unless one is asked for.
        string[] ours = room is null ? ["name", "since", "epoch"] : ["name", "room", "since", "epoch"];
        var kept = baseUri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !ours.Contains(pair.Split('=')[0], StringComparer.OrdinalIgnoreCase));
        var query = new List<string>(kept) { "name=" + Uri.EscapeDataString(name) };
        if (room is not null)
        {
            query.Add("room=" + Uri.EscapeDataString(room));
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
