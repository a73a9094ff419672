using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nguon.Infrastructure;
using Nguon.Silo.Hosting;
using Nguon.Tests.Infrastructure;
using Npgsql;
using Orleans.TestingHost;

namespace Nguon.Tests.Keys;

/// <summary>One stored grain state as the database holds it (the ADO.NET provider's columns).</summary>
public sealed record StoredRow(long N0, long N1, string StateName, string? Key, string? Payload);

/// <summary>A test cluster whose grain storage is Nguon's own (<see cref="SiloConfiguration.AddNguonGrainStorage"/>)
/// on a real database — a SQLite file of its own, or the suite's PostgreSQL with a ServiceId of its own — and that
/// reads its rows back with plain SQL. It can be restarted on the same rows.</summary>
public abstract class AdoNetClusterFixture : IAsyncLifetime
{
    private const string StorageKey = "NguonTest:Storage";
    private const string ConnectionKey = "NguonTest:ConnectionString";

    // One key for the fixture's lifetime: heads signed before a restart verify after it.
    private static readonly IRecordSigner Signer = EcdsaRecordSigner.Ephemeral();

    public string ServiceId { get; } = "keys-" + Guid.NewGuid().ToString("N")[..12];
    public TestCluster Cluster { get; private set; } = null!;
    public IGrainFactory Grains => Cluster.GrainFactory;
    public abstract NguonOptions Options { get; }

    public async Task InitializeAsync()
    {
        await SchemaMigrator.ApplyAsync(Options);
        Cluster = await StartAsync();
    }

    /// <summary>Stops every silo (all activations and their memory are gone) and starts a fresh cluster on the
    /// same rows.</summary>
    public async Task RestartAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Cluster = await StartAsync();
    }

    public virtual async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Every grain-state row of this service, and its idempotency records (their own table, one row per key).</summary>
    public async Task<IReadOnlyList<StoredRow>> RowsAsync()
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString, PayloadBinary
            FROM OrleansStorage WHERE ServiceId = @service
            UNION ALL
            SELECT 0, 0, 'idempotency', key, body FROM nguon_idempotency WHERE service_id = @service
            """;
        var service = command.CreateParameter();
        service.ParameterName = "service";
        service.Value = ServiceId;
        command.Parameters.Add(service);
        var rows = new List<StoredRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : System.Text.Encoding.UTF8.GetString((byte[])reader.GetValue(4))));
        return rows;
    }

    protected abstract DbConnection Open();

    private async Task<TestCluster> StartAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ServiceId = ServiceId;
        builder.Properties[StorageKey] = Options.Storage.ToString();
        builder.Properties[ConnectionKey] = Options.StorageConnectionString;
        builder.AddSiloBuilderConfigurator<NguonStorageSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class NguonStorageSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddNguonGrainStorage(new NguonOptions
            {
                Storage = Enum.Parse<StorageKind>(silo.Configuration[StorageKey]!),
                ConnectionString = silo.Configuration[ConnectionKey],
            });
            silo.Services.AddSingleton(Signer);
        }
    }
}

/// <summary>Nguon's storage on a SQLite file in a folder of its own.</summary>
public sealed class SqliteClusterFixture : AdoNetClusterFixture
{
    private readonly TempFolder folder = new("nguon-keys-");

    public override NguonOptions Options => new()
    {
        Storage = StorageKind.Sqlite,
        ConnectionString = $"Data Source={folder.File("nguon.db")};Pooling=True;Default Timeout=30",
    };

    protected override DbConnection Open() => new SqliteConnection(Options.StorageConnectionString);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        folder.Dispose();
    }
}

/// <summary>Nguon's storage on the suite's PostgreSQL (NGUON_TEST_POSTGRES), rows apart by ServiceId.</summary>
public sealed class PostgresKeysClusterFixture : AdoNetClusterFixture
{
    public override NguonOptions Options => new() { Storage = StorageKind.Postgres, ConnectionString = PostgresClusterFixture.ConnectionString };

    protected override DbConnection Open() => new NpgsqlConnection(Options.StorageConnectionString);
}
