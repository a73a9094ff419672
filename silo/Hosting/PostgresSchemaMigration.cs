using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Nguon.Silo.Hosting;

/// <summary>How a silo waits for the locks the PostgreSQL schema script takes (each CREATE INDEX IF NOT EXISTS locks
/// its table against writers, even when the index exists): at most <see cref="LockTimeout"/> per lock, and after a
/// lock timeout or a deadlock with live traffic the whole script again, up to <see cref="Attempts"/> times.</summary>
public sealed record SchemaLocking(TimeSpan LockTimeout, int Attempts)
{
    public static SchemaLocking Default { get; } = new(TimeSpan.FromSeconds(5), 4);
}

/// <summary>Applies deploy/schema/postgresql.sql when it differs from what the database last had applied (its digest is
/// kept in nguon_schema_script) or when the read model was dropped, under a session advisory lock so silos starting
/// together apply it once. A restart of the same version runs none of its statements, so it takes no table lock while
/// other silos serve: run on every start, the script deadlocked with the read model's writers.</summary>
internal static class PostgresSchemaMigration
{
    private const long LockKey = 0x4E67756F6E; // "Nguon"

    public static async Task ApplyAsync(NguonOptions options, SchemaLocking locking, CancellationToken cancellationToken)
    {
        // A session of its own: closing it ends whatever a failure left open (the script's transaction, the lock).
        var connectionString = new NpgsqlConnectionStringBuilder(options.StorageConnectionString) { Pooling = false }.ConnectionString;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyOnceAsync(connectionString, options, locking, cancellationToken);
                return;
            }
            catch (PostgresException e) when (attempt < locking.Attempts && IsLockConflict(e))
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }

    /// <summary>The digest a database records for a script (the read model's version marker included).</summary>
    public static string Digest(string script) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script + "\n" + ReadModelSchema.MarkSql)));

    private static bool IsLockConflict(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.SerializationFailure;

    private static async Task ApplyOnceAsync(string connectionString, NguonOptions options, SchemaLocking locking,
        CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // The advisory lock waits as long as another silo's migration takes; the table locks after it do not.
        await SchemaMigrator.Execute(connection, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        var milliseconds = ((long)locking.LockTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        await SchemaMigrator.Execute(connection, $"SET lock_timeout = {milliseconds}", cancellationToken);
        var dropped = await ReadModelSchema.DropIfOtherVersion(connection, postgres: true, cancellationToken);
        var script = SchemaMigrator.Script("postgresql.sql");
        var digest = Digest(script);
        if (dropped || await AppliedDigest(connection, cancellationToken) != digest)
        {
            await SchemaMigrator.Execute(connection, script, cancellationToken);
            await SchemaMigrator.Execute(connection, ReadModelSchema.MarkSql, cancellationToken);
            await using var record = new NpgsqlCommand("""
                INSERT INTO nguon_schema_script (id, sha256, applied_at) VALUES (1, $1, now())
                ON CONFLICT (id) DO UPDATE SET sha256 = excluded.sha256, applied_at = excluded.applied_at
                """, connection);
            record.Parameters.AddWithValue(digest);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        var builder = new NpgsqlConnectionStringBuilder(options.StorageConnectionString);
        await StoreFormat.CheckAsync(connection, $"'{builder.Database}' on {builder.Host}:{builder.Port}", cancellationToken);
        // No unlock on failure: on an aborted transaction it would fail too and hide the error; the session's end frees it.
        await SchemaMigrator.Execute(connection, $"SELECT pg_advisory_unlock({LockKey})", cancellationToken);
    }

    private static async Task<string?> AppliedDigest(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('nguon_schema_script') IS NOT NULL", connection);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true) return null;
        await using var applied = new NpgsqlCommand("SELECT sha256 FROM nguon_schema_script WHERE id = 1", connection);
        return await applied.ExecuteScalarAsync(cancellationToken) as string;
    }
}
