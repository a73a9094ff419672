using Npgsql;

namespace Nguon.Tests.Infrastructure;

/// <summary>A database of its own on the suite's PostgreSQL server, dropped on dispose: for tests of what a whole
/// database holds (its schema, its locks) without touching the shared one.</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    public string Name { get; } = "nguon_own_" + Guid.NewGuid().ToString("N")[..12];
    public string ConnectionString =>
        new NpgsqlConnectionStringBuilder(PostgresClusterFixture.ConnectionString) { Database = Name }.ConnectionString;

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var database = new PostgresDatabase();
        await OnServer($"CREATE DATABASE {database.Name}");
        return database;
    }

    public NpgsqlConnection Open() => new(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await OnServer($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private static async Task OnServer(string sql)
    {
        await using var server = new NpgsqlConnection(PostgresClusterFixture.ConnectionString);
        await server.OpenAsync();
        await using var command = new NpgsqlCommand(sql, server);
        await command.ExecuteNonQueryAsync();
    }
}
