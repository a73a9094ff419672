using System.Security.Cryptography;

namespace Nguon.Silo.Inspect;

/// <summary>The inspectors' pages' stylesheet (on top of the label page's) and script, embedded in the silo assembly
/// and served under content-hashed URLs, like the label page's stylesheet.</summary>
/// <remarks>Why a script at all, and this one: an inspector's key must reach the server with every request for a
/// page's data (the data is checked against the key's permissions, as the API checks it) without being stored where
/// it outlives the tab or where the server would log it. A cookie is sent to every request and kept by the browser;
/// a URL is logged and kept in history; so the key lives only in the tab's <c>sessionStorage</c> (forgotten when the
/// tab closes), and this small same-origin script — allowed by the page's CSP <c>script-src 'self'</c>, no inline
/// script — sends it in the Authorization header when it fetches the server-rendered fragment of the page (and when
/// it downloads a document or calls the recall API). The server renders all the HTML; the script only moves it.</remarks>
public static class InspectAssets
{
    private static readonly byte[] Stylesheet = Read("inspect.css");
    private static readonly byte[] Script = Read("inspect.js");

    public static string StylesheetUrl { get; } = $"/assets/inspect.css?v={Version(Stylesheet)}";
    public static string ScriptUrl { get; } = $"/assets/inspect.js?v={Version(Script)}";

    public static IEndpointRouteBuilder MapInspectAssets(this IEndpointRouteBuilder app)
    {
        Map(app, "/assets/inspect.css", Stylesheet, "text/css; charset=utf-8");
        Map(app, "/assets/inspect.js", Script, "text/javascript; charset=utf-8");
        return app;
    }

    private static void Map(IEndpointRouteBuilder app, string path, byte[] content, string type)
    {
        var version = Version(content);
        app.MapGet(path, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = http.Request.Query["v"] == version ? "public, max-age=31536000, immutable" : "no-cache";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(content, type);
        }).ExcludeFromDescription();
    }

    private static string Version(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content))[..12];

    private static byte[] Read(string name)
    {
        using var stream = typeof(InspectAssets).Assembly.GetManifestResourceStream($"Nguon.Silo.Inspect.{name}")
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the silo assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
