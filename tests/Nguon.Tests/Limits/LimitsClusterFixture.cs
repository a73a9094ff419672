using Microsoft.Extensions.DependencyInjection;
using Nguon.Idempotency;
using Nguon.Infrastructure;
using Nguon.Log;
using Nguon.Organisations;
using Nguon.Silo.Hosting;
using Nguon.Tests.Infrastructure;
using Npgsql;
using Orleans.TestingHost;

namespace Nguon.Tests.Limits;

/// <summary>A test cluster of its own for the limits' grain tests: the real PostgreSQL store (so tests count the rows
/// a limit deletes or never writes), a small day for the audit trail (<see cref="MaxEntriesPerDay"/>) and a short
/// idempotency window (<see cref="IdempotencyRetention"/>).</summary>
public sealed class LimitsClusterFixture : IAsyncLifetime
{
    public const int MaxEntriesPerDay = 2 * AuditOptions.MinEntriesPerDay;
    public static readonly TimeSpan IdempotencyRetention = TimeSpan.FromSeconds(2);

    public string ServiceId { get; } = "limits-" + Guid.NewGuid().ToString("N")[..12];
    public TestCluster Cluster { get; private set; } = null!;
    public IGrainFactory Grains => Cluster.GrainFactory;
    public static string ConnectionString => PostgresClusterFixture.ConnectionString;

    public async Task InitializeAsync()
    {
        await SchemaMigrator.ApplyAsync(new NguonOptions { Storage = StorageKind.Postgres, ConnectionString = ConnectionString });
        var builder = new TestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ServiceId = ServiceId;
        builder.AddSiloBuilderConfigurator<Silo>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null) await Cluster.DisposeAsync();
    }

    /// <summary>Rows of this cluster whose stored key starts with <paramref name="keyPrefix"/> (e.g. "~audit/org/"), and the
    /// bytes of their payloads.</summary>
    public async Task<(long Rows, long Bytes)> Rows(string keyPrefix)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("""
            SELECT COUNT(*), COALESCE(SUM(LENGTH(payloadbinary)), 0) FROM orleansstorage
            WHERE serviceid = @service AND grainidextensionstring LIKE @prefix
            """, connection);
        count.Parameters.AddWithValue("service", ServiceId);
        count.Parameters.AddWithValue("prefix", keyPrefix.Replace("_", @"\_").Replace("%", @"\%") + "%");
        await using var reader = await count.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Idempotency records of this cluster (nguon_idempotency) whose stored key starts with
    /// <paramref name="keyPrefix"/> (e.g. "~idempotency/org/"), and the bytes of their answers.</summary>
    public async Task<(long Rows, long Bytes)> IdempotencyRows(string keyPrefix)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("""
            SELECT COUNT(*), COALESCE(SUM(LENGTH(body)), 0) FROM nguon_idempotency
            WHERE service_id = @service AND key LIKE @prefix
            """, connection);
        count.Parameters.AddWithValue("service", ServiceId);
        count.Parameters.AddWithValue("prefix", keyPrefix.Replace("_", @"\_").Replace("%", @"\%") + "%");
        await using var reader = await count.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private sealed class Silo : ISiloConfigurator
    {
        private static readonly IRecordSigner Signer = EcdsaRecordSigner.Ephemeral();

        public void Configure(ISiloBuilder silo)
        {
            silo.AddNguonGrainStorage(new NguonOptions { Storage = StorageKind.Postgres, ConnectionString = ConnectionString });
            silo.Services.AddSingleton(Signer);
            silo.Services.Configure<AuditOptions>(o => o.MaxEntriesPerDay = MaxEntriesPerDay);
            silo.Services.Configure<IdempotencyOptions>(o => o.Retention = IdempotencyRetention);
            silo.AddNguonLog(o => o.CheckpointInterval = MemoryClusterFixture.LogInterval);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LimitsClusterCollection : ICollectionFixture<LimitsClusterFixture>
{
    public const string Name = "limits cluster";
}
