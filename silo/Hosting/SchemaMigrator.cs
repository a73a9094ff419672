using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Nguon.Silo.Hosting;

/// <summary>Applies the project's own schema (deploy/schema/*.sql, embedded) before the silo starts, then checks
/// the store's format (<see cref="StoreFormat"/>). The scripts are idempotent, so this runs on every start; on
/// PostgreSQL an advisory lock keeps silos starting together from racing.</summary>
public static class SchemaMigrator
{
    private const long LockKey = 0x4E67756F6E; // "Nguon"

    /// <exception cref="SettingsException">The database holds another store format (one line saying so).</exception>
    public static async Task ApplyAsync(NguonOptions options, CancellationToken cancellationToken = default)
    {
        if (options.Storage == StorageKind.Postgres)
        {
            await using var connection = new NpgsqlConnection(options.StorageConnectionString);
            await connection.OpenAsync(cancellationToken);
            await Execute(connection, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
            try
            {
                await ReadModelSchema.DropIfOtherVersion(connection, postgres: true, cancellationToken);
                await Execute(connection, Script("postgresql.sql"), cancellationToken);
                await Execute(connection, ReadModelSchema.MarkSql, cancellationToken);
                await StoreFormat.CheckAsync(connection, Describe(new NpgsqlConnectionStringBuilder(options.StorageConnectionString)),
                    cancellationToken);
            }
            finally { await Execute(connection, $"SELECT pg_advisory_unlock({LockKey})", cancellationToken); }
        }
        else
        {
            var builder = new SqliteConnectionStringBuilder(options.StorageConnectionString);
            if (builder.Mode != SqliteOpenMode.Memory && builder.DataSource is { Length: > 0 } and not ":memory:")
                PrivateStore.Prepare(builder.DataSource);
            await using var connection = new SqliteConnection(options.StorageConnectionString);
            await connection.OpenAsync(cancellationToken);
            // WAL lets readers and the single writer proceed together; it is a property of the file.
            await Execute(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
            await ReadModelSchema.DropIfOtherVersion(connection, postgres: false, cancellationToken);
            await Execute(connection, Script("sqlite.sql"), cancellationToken);
            await Execute(connection, ReadModelSchema.MarkSql, cancellationToken);
            await StoreFormat.CheckAsync(connection, Path.GetFullPath(builder.DataSource), cancellationToken);
        }
    }

    /// <summary>The database as an operator names it, without credentials.</summary>
    private static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"'{builder.Database}' on {builder.Host}:{builder.Port}";

    public static string Script(string name)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + name, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return reader.ReadToEnd();
    }

    private static async Task Execute(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 120;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
