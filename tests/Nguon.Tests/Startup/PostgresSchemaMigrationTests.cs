using Nguon.Silo.Hosting;
using Nguon.Tests.Infrastructure;
using Npgsql;

namespace Nguon.Tests.Startup;

/// <summary>The PostgreSQL schema at start-up, beside a live writer: a restart of the same version runs none of the
/// script (so it waits on no table lock), a changed script waits for its locks only so long and then fails with the
/// lock's own error (not "current transaction is aborted", which hid it), and leaves nothing held. A database of its own.</summary>
public sealed class PostgresSchemaMigrationTests
{
    private static readonly SchemaLocking Impatient = new(TimeSpan.FromSeconds(1), Attempts: 2);

    [Fact]
    public async Task A_restart_skips_an_unchanged_script_and_a_changed_one_waits_for_live_writers_then_names_its_error()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var database = await PostgresDatabase.CreateAsync();
        var options = new NguonOptions { Storage = StorageKind.Postgres, ConnectionString = database.ConnectionString };
        var digest = PostgresSchemaMigration.Digest(SchemaMigrator.Script("postgresql.sql"));
        await SchemaMigrator.ApplyAsync(options, cancellationToken: timeout.Token);
        Assert.Equal(digest, await AppliedDigest(database));

        // A live silo's writer mid-transaction, holding what a read-model projection holds.
        await using var writer = database.Open();
        await writer.OpenAsync(timeout.Token);
        await using var transaction = await writer.BeginTransactionAsync(timeout.Token);
        await using (var lockTables = new NpgsqlCommand("LOCK TABLE orleansstorage, rm_batches, rm_events IN ROW EXCLUSIVE MODE",
            writer, transaction))
            await lockTables.ExecuteNonQueryAsync(timeout.Token);

        await SchemaMigrator.ApplyAsync(options, Impatient, timeout.Token);

        await Execute(database, "UPDATE nguon_schema_script SET sha256 = 'an earlier script'");
        var refused = await Assert.ThrowsAsync<PostgresException>(() => SchemaMigrator.ApplyAsync(options, Impatient, timeout.Token));
        Assert.Equal(PostgresErrorCodes.LockNotAvailable, refused.SqlState);
        Assert.Equal("an earlier script", await AppliedDigest(database));

        await transaction.CommitAsync(timeout.Token);
        await SchemaMigrator.ApplyAsync(options, Impatient, timeout.Token); // the advisory lock was let go
        Assert.Equal(digest, await AppliedDigest(database));
    }

    private static async Task<string?> AppliedDigest(PostgresDatabase database)
    {
        await using var connection = database.Open();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT sha256 FROM nguon_schema_script WHERE id = 1", connection);
        return await command.ExecuteScalarAsync() as string;
    }

    private static async Task Execute(PostgresDatabase database, string sql)
    {
        await using var connection = database.Open();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
