using System.Data.Common;
using Microsoft.Data.Sqlite;
using Nguon.Silo.Hosting;
using Nguon.Tests.Infrastructure;
using Npgsql;

namespace Nguon.Tests.ReadModel;

/// <summary>A read model of another version is dropped when the schema is applied (the sweep writes it again from the
/// grains), one of this version is kept, and a database from before the version marker counts as another version; on
/// a SQLite file and in a PostgreSQL schema of the test's own.</summary>
public abstract class ReadModelSchemaTests : IAsyncLifetime
{
    protected abstract NguonOptions Options { get; }
    protected abstract DbConnection Connect();

    public virtual Task InitializeAsync() => Task.CompletedTask;
    public virtual Task DisposeAsync() => Task.CompletedTask;

    private async Task<List<string>> Strings(string sql)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return values;
    }

    private Task Execute(string sql) => Strings(sql);

    private Task<List<string>> Sweeps() => Strings("SELECT service_id FROM rm_sweeps");

    [Fact]
    public async Task A_read_model_of_another_version_is_dropped_and_one_of_this_version_kept()
    {
        await SchemaMigrator.ApplyAsync(Options);
        Assert.Equal([ReadModelSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            await Strings("SELECT version FROM rm_schema WHERE id = 1"));
        const string Swept = "INSERT INTO rm_sweeps (service_id, swept_at, fixed) VALUES ('kept', '2026-01-01 00:00:00', 0)";
        await Execute(Swept);

        await SchemaMigrator.ApplyAsync(Options);
        Assert.Equal(["kept"], await Sweeps());

        await Execute("UPDATE rm_schema SET version = 1 WHERE id = 1");
        await SchemaMigrator.ApplyAsync(Options);
        Assert.Empty(await Sweeps());
        Assert.Equal([ReadModelSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            await Strings("SELECT version FROM rm_schema WHERE id = 1"));

        // A database from before the marker: read-model tables and no rm_schema.
        await Execute(Swept.Replace("kept", "unmarked", StringComparison.Ordinal));
        await Execute("DROP TABLE rm_schema");
        await SchemaMigrator.ApplyAsync(Options);
        Assert.Empty(await Sweeps());
        Assert.Single(await Strings("SELECT version FROM rm_schema"));
    }
}

public sealed class SqliteReadModelSchemaTests : ReadModelSchemaTests
{
    private readonly TempFolder folder = new("nguon-rmschema-");
    private string Source => $"Data Source={folder.File("store.db")};Pooling=False";

    protected override NguonOptions Options => new() { Storage = StorageKind.Sqlite, ConnectionString = Source };
    protected override DbConnection Connect() => new SqliteConnection(Source);

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        folder.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>In a schema of its own (the search path), so dropping its read model touches no other test's tables.</summary>
public sealed class PostgresReadModelSchemaTests : ReadModelSchemaTests
{
    private readonly string schema = $"rmschema_{Guid.NewGuid():N}"[..20];
    private string Source => new NpgsqlConnectionStringBuilder(PostgresClusterFixture.ConnectionString) { SearchPath = schema }.ToString();

    protected override NguonOptions Options => new() { Storage = StorageKind.Postgres, ConnectionString = Source };
    protected override DbConnection Connect() => new NpgsqlConnection(Source);

    public override async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresClusterFixture.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await create.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresClusterFixture.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
