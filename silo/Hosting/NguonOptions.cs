namespace Nguon.Silo.Hosting;

public enum StorageKind { Sqlite, Postgres }

/// <summary>The "Nguon" configuration section (environment: Nguon__Storage, Nguon__ConnectionString, …).</summary>
public sealed class NguonOptions
{
    /// <summary>Sqlite (embedded default, single silo) or Postgres (storage, clustering and reminders).</summary>
    public StorageKind Storage { get; set; } = StorageKind.Sqlite;
    /// <summary>PostgreSQL connection string; for SQLite, a file path may be given with SqlitePath instead.</summary>
    public string? ConnectionString { get; set; }
    public string SqlitePath { get; set; } = "data/nguon.db";
    public string ClusterId { get; set; } = "nguon";
    /// <summary>Part of every stored key: never change it on a deployment with data.</summary>
    public string ServiceId { get; set; } = "nguon";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public string? AdvertisedIp { get; set; }
    /// <summary>An admin API key (ngn_…) to register on start, e.g. from a secret store; if unset, a fresh store
    /// generates one and prints it once.</summary>
    public string? BootstrapKey { get; set; }
    /// <summary>Run under Kubernetes (Orleans' Kubernetes hosting: silo name from the pod, defunct pods watched).
    /// Unset: on when the pod environment is there (POD_NAME and ORLEANS_SERVICE_ID, as deploy/k8s sets them).</summary>
    public bool? Kubernetes { get; set; }
    /// <summary>Base URL printed in label QR codes and linksets (the address shoppers reach, e.g. behind a proxy:
    /// https://id.nguon.example); unset: the scheme and host each request came to.</summary>
    public string? PublicUrl { get; set; }
    /// <summary>Load the demo data set on start (idempotent).</summary>
    public bool Demo { get; set; }
    /// <summary>The Orleans Dashboard for administrators at /dashboard (<see cref="OperatorsDashboard"/>). Off, the silo
    /// keeps no meter listener on Orleans' instruments: the dashboard reads them every second.</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>The folder of the SQLite file: the embedded defaults keep documents, signing keys and the demo keys
    /// there too.</summary>
    public string DataDirectory =>
        string.IsNullOrWhiteSpace(SqlitePath) ? "." : Path.GetDirectoryName(Path.GetFullPath(SqlitePath)) ?? ".";

    public bool InKubernetes => Kubernetes ?? (Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 }
                                                && Environment.GetEnvironmentVariable("ORLEANS_SERVICE_ID") is { Length: > 0 });

    public string StorageConnectionString => Storage == StorageKind.Postgres
        ? Tuned(ConnectionString
            ?? throw new InvalidOperationException("Nguon:ConnectionString is required when Nguon:Storage is Postgres"))
        : ConnectionString ?? $"Data Source={SqlitePath};Pooling=True;Default Timeout=30";

    /// <summary>Orleans opens a pooled connection per storage call and sends the same few statements: keeping
    /// session state across returns (no DISCARD ALL) and auto-preparing them spares PostgreSQL re-planning each
    /// write — measured at about half the database CPU per append. Explicit settings in the string win.
    /// (Auto-prepare does not suit PgBouncer in transaction mode: set Max Auto Prepare=0 there.)</summary>
    private static string Tuned(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase)) builder.NoResetOnClose = true;
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 20;
        return builder.ConnectionString;
    }
}
