using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Nguon.Model;

namespace Nguon.Silo.Api;

/// <summary>What a kept verdict is rendered as (its JSON, its label pages), kept for as long as the verdict itself:
/// a scan of an unchanged lot then costs no serialisation. A new verdict is a new object, so a rendering never
/// outlives what it shows; a verdict judged on another silo arrives as a copy and is rendered per request.</summary>
public static class VerdictRenderings
{
    /// <summary>Renderings kept per verdict (languages × paths a lot is scanned by); past it, rendered per request.</summary>
    public const int MaxPerVerdict = 16;

    private static readonly ConditionalWeakTable<PublicVerdict, ConcurrentDictionary<string, object>> Kept = [];

    public static T Get<T>(PublicVerdict verdict, string key, Func<PublicVerdict, T> render) where T : class
    {
        var renderings = Kept.GetValue(verdict, _ => new(StringComparer.Ordinal));
        if (renderings.TryGetValue(key, out var kept)) return (T)kept;
        var made = render(verdict);
        if (renderings.Count < MaxPerVerdict) renderings.TryAdd(key, made);
        return made;
    }

    /// <summary>The public verification as the API's JSON (the same options as every other answer).</summary>
    public static byte[] Json(PublicVerdict verdict, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) =>
        Get(verdict, "json", v => JsonSerializer.SerializeToUtf8Bytes(v.Verification, json.Value.SerializerOptions));
}
