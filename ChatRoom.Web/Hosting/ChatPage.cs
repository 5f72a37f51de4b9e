using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace ChatRoom.Hosting;

/// <summary>The page at <c>/</c>: wwwroot served compressed, with validators so browsers revalidate cheaply.</summary>
internal static class ChatPage
{
    // Only the page's own text files: compressing the socket, metrics or API is not this class's business.
    private static readonly string[] CompressedTypes = ["text/html", "text/css", "text/javascript",
        "application/javascript", "image/svg+xml"];

    public static IServiceCollection AddChatPage(this IServiceCollection services) =>
        services.AddResponseCompression(options =>
        {
            // BREACH needs a secret and attacker-chosen text in one compressed body; these static files hold neither.
            options.EnableForHttps = true;
            options.MimeTypes = CompressedTypes;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });

    public static IApplicationBuilder UseChatPage(this IApplicationBuilder app)
    {
        app.UseResponseCompression();
        app.UseDefaultFiles();
        return app.UseStaticFiles(new StaticFileOptions
        {
            // The file names carry no version, so a long max-age would pin an old app.js after a
            // deploy; no-cache with the ETag and Last-Modified the middleware sets makes reloads 304s.
            OnPrepareResponse = file => file.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
    }
}
