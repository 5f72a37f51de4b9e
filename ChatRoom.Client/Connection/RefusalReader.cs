using System.Net;
using System.Text;

namespace ChatRoom.Client.Connection;

/// <summary>
/// Keeps what the server said when it refused the upgrade. <see cref="System.Net.WebSockets.ClientWebSocket"/>
/// reports only the status, but the server explains a 400 or 404 in a plain-text body ("bad room: …"),
/// and that reason is what the member needs to see to fix the request.
/// </summary>
internal sealed class RefusalReader(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    // Any reason the server gives fits; a proxy's long error page is cut.
    private const int MaxReasonBytes = 1024;

    /// <summary>The status of a refused upgrade; null until one was refused.</summary>
    public int? Status { get; private set; }

    /// <summary>The server's plain-text reason for the refusal, trimmed; null when it gave none.</summary>
    public string? Reason { get; private set; }

    /// <summary>The server's <c>Retry-After</c> on a refusal (503: the room is full).</summary>
    public TimeSpan? RetryAfter { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
        {
            Status = (int)response.StatusCode;
            RetryAfter = response.Headers.RetryAfter?.Delta;
            Reason = await ReadReasonAsync(response.Content, cancellationToken);
        }

        return response;
    }

    /// <summary>The body when it is plain text (an HTML error page from a proxy is no reason to show).</summary>
    private static async Task<string?> ReadReasonAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentType?.MediaType != "text/plain")
        {
            return null;
        }

        await using var body = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxReasonBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        // A cut in the middle of a character decodes to U+FFFD, which is harmless to show.
        var reason = Encoding.UTF8.GetString(buffer, 0, length).Trim();
        return reason.Length > 0 ? reason : null;
    }
}
