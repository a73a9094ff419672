using Nguon.Silo.Hosting;

namespace Nguon.Silo.Labels;

/// <summary>The base URL printed in QR codes and linksets: <c>Nguon:PublicUrl</c> (<see cref="NguonOptions.PublicUrl"/>:
/// the address shoppers reach the silo at, e.g. behind a proxy: https://id.nguon.example), else the scheme and host
/// the request came to.</summary>
public static class PublicUrl
{
    public static string Of(HttpContext http) =>
        http.RequestServices.GetRequiredService<NguonOptions>().PublicUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{http.Request.Scheme}://{http.Request.Host}";
}
