using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace Nguon.Silo.Hosting;

/// <summary>Brotli or gzip for the text Nguon serves (JSON, problem documents, linksets, key sets, label pages, SVG
/// labels): the demo's retail-lot trace goes from 26.7 KB to 10.5 KB (its hashes do not compress). At the fastest
/// level, because on two cores the CPU is dearer than the bytes on loopback or a LAN. Plain HTTP only (the ASP.NET Core
/// default): behind TLS, let the terminating proxy compress, so no response that carries a secret (an issued key) is
/// compressed next to attacker-chosen text.</summary>
public static class ResponseCompression
{
    private static readonly string[] TextTypes =
        ["application/problem+json", "application/linkset+json", "application/jwk-set+json", "image/svg+xml"];

    public static IServiceCollection AddNguonResponseCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, .. TextTypes];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }
}
