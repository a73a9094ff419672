using Nguon.Model;
using Nguon.Silo.Api;
using Nguon.Silo.Hosting;

namespace Nguon.Silo.Labels;

/// <summary>The base URL printed in QR codes and linksets: <c>Nguon:PublicUrl</c> (<see cref="NguonOptions.PublicUrl"/>:
/// the address shoppers reach the silo at, e.g. behind a proxy: https://id.nguon.example), else the scheme and host
/// the request came to.</summary>
public static class PublicUrl
{
    /// <summary>Longest base URL: with a GTIN and the longest lot a label's Digital Link stays within
    /// <see cref="Client.Labels.MaxLinkLength"/>, so the QR code's size is bounded.</summary>
    public const int MaxLength = 120;

    /// <summary>Longest Host header (name and port) taken for links when no public URL is configured.</summary>
    public const int MaxHostLength = 100;

    public static string Of(HttpContext http) =>
        http.RequestServices.GetRequiredService<NguonOptions>().PublicUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{http.Request.Scheme}://{http.Request.Host}";

    /// <summary>A Host header links may be built from: a DNS name or an IP address (IPv6 in brackets), an optional port,
    /// at most <see cref="MaxHostLength"/> characters.</summary>
    public static bool IsValidHost(HostString host) =>
        host.HasValue && host.Value.Length <= MaxHostLength
        && Uri.TryCreate($"http://{host.Value}/", UriKind.Absolute, out var uri)
        && uri.HostNameType is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6
        && uri.UserInfo.Length == 0 && uri.PathAndQuery == "/" && uri.Fragment.Length == 0;

    /// <summary>When links are built from the request's Host (no public URL configured), a request with a Host no link may
    /// carry is 400 <c>input.host</c> (health probes excepted: they build no links).</summary>
    public static IApplicationBuilder UseHostCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.RequestServices.GetRequiredService<NguonOptions>().PublicUrl is not { Length: > 0 }
            && !http.Request.Path.StartsWithSegments("/health") && !IsValidHost(http.Request.Host))
        {
            await ApiResults.Problem(StatusCodes.Status400BadRequest, [new Violation("input.host",
                $"the Host header must be a host name or address with an optional port, at most {MaxHostLength} characters")])
                .ExecuteAsync(http);
            return;
        }
        await next(http);
    });
}
