using System.Security.Cryptography;

namespace Nguon.Silo.Labels;

/// <summary>The label page's stylesheet, embedded in the silo assembly (so the built dll serves it without a
/// content root) and served under a content-hashed URL that browsers may cache for good.</summary>
public static class LabelAssets
{
    private static readonly byte[] Stylesheet = Read("label.css");
    private static readonly string Version = Convert.ToHexStringLower(SHA256.HashData(Stylesheet))[..12];

    public static string StylesheetUrl => $"/assets/label.css?v={Version}";

    public static IEndpointRouteBuilder MapLabelAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assets/label.css", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = http.Request.Query["v"] == Version ? "public, max-age=31536000, immutable" : "no-cache";
            return Results.Bytes(Stylesheet, "text/css; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(LabelAssets).Assembly.GetManifestResourceStream($"Nguon.Silo.Labels.{name}")
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the silo assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
