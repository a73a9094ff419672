namespace Nguon.Silo.Inspect;

/// <summary>A page fragment: HTML for the frame's script to place, rendered for one key, so never stored by a cache.
/// Its own CSP lets nothing load or run should someone open the fragment's URL directly.</summary>
internal sealed class FragmentResult(string html, int status = StatusCodes.Status200OK) : IResult
{
    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        Headers(http);
        return http.Response.WriteAsync(html);
    }

    public static void Headers(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        http.Response.Headers.XContentTypeOptions = "nosniff";
    }
}

/// <summary>303 See Other to another fragment: the script's fetch follows it (same origin, so the key header goes
/// along) and shows the page under its own URL.</summary>
internal sealed class SeeOtherResult(string location) : IResult
{
    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = location;
        FragmentResult.Headers(http);
        return Task.CompletedTask;
    }
}
