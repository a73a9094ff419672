using System.Net;
using Microsoft.Extensions.Options;
using Nguon.Domain;
using Npgsql;

namespace Nguon.Silo.Hosting;

/// <summary>What the "Nguon" section must hold for the silo to start. Secrets (connection strings, the bootstrap
/// key) are never echoed back.</summary>
public sealed class NguonOptionsValidator : IValidateOptions<NguonOptions>
{
    public const string Section = "Nguon";

    public ValidateOptionsResult Validate(string? name, NguonOptions options)
    {
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Failures(NguonOptions o)
    {
        if (!Enum.IsDefined(o.Storage))
            yield return $"{Section}:Storage must be one of {string.Join(", ", Enum.GetNames<StorageKind>())} (got '{o.Storage}')";
        if (o.Storage == StorageKind.Postgres && string.IsNullOrWhiteSpace(o.ConnectionString))
            yield return $"{Section}:ConnectionString is required when {Section}:Storage is Postgres";
        else if (o.Storage == StorageKind.Postgres && !ParsesAsPostgres(o.ConnectionString!))
            yield return $"{Section}:ConnectionString is not a PostgreSQL connection string (Host=…;Database=…;Username=…)";
        if (o.Storage == StorageKind.Sqlite && o.ConnectionString is null && string.IsNullOrWhiteSpace(o.SqlitePath))
            yield return $"{Section}:SqlitePath must name the database file (or set {Section}:ConnectionString)";
        if (string.IsNullOrWhiteSpace(o.ClusterId)) yield return $"{Section}:ClusterId must not be empty";
        if (string.IsNullOrWhiteSpace(o.ServiceId)) yield return $"{Section}:ServiceId must not be empty";
        if (Port(o.SiloPort, "SiloPort") is { } silo) yield return silo;
        if (Port(o.GatewayPort, "GatewayPort") is { } gateway) yield return gateway;
        if (o.SiloPort == o.GatewayPort)
            yield return $"{Section}:SiloPort and {Section}:GatewayPort must differ (both {o.SiloPort})";
        if (o.AdvertisedIp is { } ip && !IPAddress.TryParse(ip, out _))
            yield return $"{Section}:AdvertisedIp must be an IP address (got '{ip}')";
        if (o.PublicUrl is { Length: > 0 } url && !IsBaseUrl(url))
            yield return $"{Section}:PublicUrl must be an absolute http or https URL such as https://id.nguon.example (got '{url}')";
        else if (o.PublicUrl is { Length: > Labels.PublicUrl.MaxLength } tooLong)
            yield return $"{Section}:PublicUrl has at most {Labels.PublicUrl.MaxLength} characters, so label QR codes stay small "
                + $"(got {tooLong.Length})";
        if (o.BootstrapKey is { Length: > 0 } key && !ApiKeys.TryParse(key, out _, out _))
            yield return $"{Section}:BootstrapKey must be an API key of the form {ApiKeys.Prefix}<key id>_<secret>";
    }

    private static string? Port(int port, string setting) =>
        port is > 0 and <= IPEndPoint.MaxPort ? null : $"{Section}:{setting} must be a port between 1 and 65535 (got {port})";

    private static bool IsBaseUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0;

    private static bool ParsesAsPostgres(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
