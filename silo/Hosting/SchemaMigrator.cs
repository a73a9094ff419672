using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Nguon.Silo.Hosting;

/// <summary>Applies the project's own schema (deploy/schema/*.sql, embedded) before the silo starts, then checks
/// the store's format (<see cref="StoreFormat"/>). The scripts are idempotent; SQLite's runs on every start, and
/// PostgreSQL's when it changed (<see cref="PostgresSchemaMigration"/>).</summary>
public static class SchemaMigrator
{
    /// <param name="locking">How long PostgreSQL's script waits for table locks (<see cref="SchemaLocking.Default"/>).</param>
    /// <exception cref="SettingsException">The database holds another store format (one line saying so).</exception>
    public static async Task ApplyAsync(NguonOptions options, SchemaLocking? locking = null, CancellationToken cancellationToken = default)
    {
        if (options.Storage == StorageKind.Postgres)
            await PostgresSchemaMigration.ApplyAsync(options, locking ?? SchemaLocking.Default, cancellationToken);
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

    public static string Script(string name)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + name, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return reader.ReadToEnd();
    }

    internal static async Task Execute(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 120;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
