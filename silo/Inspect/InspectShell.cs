using System.Security.Cryptography;
using System.Text;
using Nguon.Silo.Labels;

namespace Nguon.Silo.Inspect;

/// <summary>The page every inspector's URL opens (<c>/inspect</c>, <c>/inspect/batches/{code}</c>, …): the same small
/// frame for all, holding no data — the header with the navigation, the sign-in form, and the place the page's
/// fragment goes. The fragment is rendered by the server for the key's organisation and fetched by
/// <c>inspect.js</c> with the key in the Authorization header (see <see cref="InspectAssets"/> for why).</summary>
internal static class InspectShell
{
    /// <summary>Nothing but this silo's own stylesheets and script; the chain picture's inline stylesheet by its hash;
    /// fetches only to this silo; forms only to this silo; never framed.</summary>
    public static readonly string Policy =
        $"default-src 'none'; script-src 'self'; style-src 'self' '{StyleHash(Labels.ChainView.Style)}'; img-src 'self' data:; "
        + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static readonly string Html = new StringBuilder()
        .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .Append("<title>Nguon · inspection</title><link rel=\"icon\" href=\"data:,\">")
        .Append($"<link rel=\"stylesheet\" href=\"{LabelAssets.StylesheetUrl}\">")
        .Append($"<link rel=\"stylesheet\" href=\"{InspectAssets.StylesheetUrl}\">")
        .Append($"<script src=\"{InspectAssets.ScriptUrl}\" defer></script></head>")
        .Append("<body class=\"inspect\" data-signed-in=\"false\"><header><a class=\"brand\" href=\"/inspect\">Nguon · inspection</a>")
        .Append("<nav class=\"pages\"><a href=\"/inspect\">Find</a><a href=\"/inspect/farms\">Farms</a>")
        .Append("<form class=\"quick\" action=\"/inspect\" method=\"get\" role=\"search\">")
        .Append("<input name=\"q\" aria-label=\"Find a code\" placeholder=\"Code…\" autocomplete=\"off\" required></form>")
        .Append("<button type=\"button\" id=\"signout\">Sign out</button></nav></header><main>")
        .Append("<noscript><section class=\"refusal\"><h1>Script needed</h1><p>These pages send your API key from this tab in a "
            + "request header, which takes the page's own small script.</p></section></noscript>")
        // The key input has no name: even a form submitted without the script (which always stops it) sends no key.
        .Append("<form id=\"signin\" class=\"signin\" hidden><h1 class=\"page\">Sign in</h1>")
        .Append("<p>Paste an API key. It stays in this tab only (sessionStorage): it goes to this silo in the Authorization "
            + "header of each request, never in a cookie or a URL, and is forgotten when the tab is closed or you sign out.</p>")
        .Append("<label>API key <input id=\"key\" type=\"password\" autocomplete=\"off\" spellcheck=\"false\" placeholder=\"ngn_…\" "
            + "required></label><button type=\"submit\">Sign in</button></form>")
        .Append("<p id=\"status\" role=\"status\"></p><div id=\"content\"></div></main></body></html>")
        .ToString();

    private static string StyleHash(string style) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)));

    /// <summary>The frame, never cached (it is tiny, and a new build's asset URLs must be picked up at once).</summary>
    public static IResult Page() => new ShellResult();

    private sealed class ShellResult : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.ContentSecurityPolicy = Policy;
            http.Response.Headers["Referrer-Policy"] = "same-origin";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : http.Response.WriteAsync(Html);
        }
    }
}
