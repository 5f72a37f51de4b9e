namespace ChatRoom.Client.Connection;

/// <summary>The <c>/ws</c> address with the member's name and, on a reconnect, where to resume.</summary>
internal static class SocketUri
{
    private static readonly string[] OurParameters = ["name", "since", "epoch"];

    /// <param name="queryKey">The access key to send as <c>?key=</c> (when a token has the header).</param>
    public static Uri For(Uri baseUri, string name, string? epoch, long since, string? queryKey = null)
    {
        // Whatever else the app put in the query (e.g. key=) stays.
        var kept = baseUri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !OurParameters.Contains(pair.Split('=')[0], StringComparer.OrdinalIgnoreCase));
        var ours = new List<string>(kept) { "name=" + Uri.EscapeDataString(name) };
        if (queryKey is not null)
        {
            ours.Add("key=" + Uri.EscapeDataString(queryKey));
        }

        if (epoch is not null)
        {
            ours.Add($"since={since}");
            ours.Add("epoch=" + Uri.EscapeDataString(epoch));
        }

        return new UriBuilder(baseUri) { Query = string.Join('&', ours) }.Uri;
    }
}
