using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Nguon.Silo.Api;

/// <summary>Conditional GETs for answers that may change at any moment (a verdict flips with a suspension): each
/// carries a weak ETag over what it says and <c>Cache-Control: no-cache</c>, so a client keeps its copy and
/// revalidates every time; an unchanged answer is a 304 of headers only. The tag covers the answer's content, not
/// the moment it was checked, and this build (a new rendering gets new tags); weak, because compression may change
/// the bytes.</summary>
public static class Revalidation
{
    private static readonly string Build = typeof(Revalidation).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>The weak ETag of <paramref name="parts"/> (serialised as JSON) in this build.</summary>
    public static string Tag(params object?[] parts)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(parts.Prepend(Build).ToArray());
        return $"W/\"{Convert.ToBase64String(SHA256.HashData(bytes), 0, 18).Replace('+', '-').Replace('/', '_')}\"";
    }

    /// <summary>Sets the answer's ETag and revalidation policy; true when the client's copy is current (answer 304).</summary>
    public static bool IsCurrent(HttpContext http, string tag)
    {
        http.Response.Headers.ETag = tag;
        http.Response.Headers.CacheControl = "no-cache";
        var match = http.Request.GetTypedHeaders().IfNoneMatch;
        if (match is not { Count: > 0 }) return false;
        var ours = EntityTagHeaderValue.Parse(tag);
        return match.Any(m => m.Equals(EntityTagHeaderValue.Any) || m.Compare(ours, useStrongComparison: false));
    }

    public static IResult NotModified => TypedResults.StatusCode(StatusCodes.Status304NotModified);
}
