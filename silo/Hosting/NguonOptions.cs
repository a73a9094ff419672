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
    /// <summary>Load the demo data set on start (idempotent).</summary>
    public bool Demo { get; set; }

    public string StorageConnectionString => Storage == StorageKind.Postgres
        ? ConnectionString ?? throw new InvalidOperationException("Nguon:ConnectionString is required when Nguon:Storage is Postgres")
        : ConnectionString ?? $"Data Source={SqlitePath};Pooling=True;Default Timeout=30";
}
