using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Nguon.Idempotency;
using Npgsql;

namespace Nguon.Silo.Hosting;

/// <summary>Deletes the idempotency records older than <see cref="IdempotencyOptions.Retention"/>, every
/// <see cref="IdempotencyOptions.SweepInterval"/>, on every silo (deleting is idempotent). A key used again after its
/// window is deleted by its grain; this removes the keys nobody uses again, so the records of a day of writes do not
/// stay forever. One DELETE of at most <see cref="Batch"/> rows at a time (short transactions), by the record's
/// answer time, through an index (<c>nguon_idempotency</c>, see <see cref="IdempotencyGrainStorage"/>); no write on the
/// request path.</summary>
public sealed class IdempotencySweeper(
    NguonOptions nguon, IOptions<IdempotencyOptions> options, TimeProvider clock, ILogger<IdempotencySweeper> logger) : BackgroundService
{
    public const int Batch = 1_000;
    private const string Rows = "~idempotency/%";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.SweepInterval, clock, stoppingToken);
                var deleted = await SweepAsync(stoppingToken);
                if (deleted > 0) logger.LogInformation("deleted {Count} expired idempotency records", deleted);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (DbException e)
            {
                // The store may be briefly unreachable; the next sweep deletes what this one did not.
                logger.LogWarning(e, "the sweep of expired idempotency records failed; it runs again in {Interval}",
                    options.Value.SweepInterval);
            }
        }
    }

    /// <summary>Deletes every stored idempotency record answered before now − retention; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var table = new IdempotencyTable(nguon.Storage, nguon.StorageConnectionString, nguon.ServiceId);
        var total = await SweepEarlierRowsAsync(cancellationToken);
        while (true)
        {
            var deleted = await table.DeleteAnsweredBefore(clock.GetUtcNow() - options.Value.Retention, Batch, cancellationToken);
            total += deleted;
            if (deleted < Batch) return total;
        }
    }

    /// <summary>Records a silo before nguon_idempotency wrote as grain state rows: swept the same way until none is left.</summary>
    private async Task<int> SweepEarlierRowsAsync(CancellationToken cancellationToken)
    {
        // Both stores keep ModifiedOn as UTC without a zone.
        var cutoff = DateTime.SpecifyKind((clock.GetUtcNow() - options.Value.Retention).UtcDateTime, DateTimeKind.Unspecified);
        await using var connection = Connection();
        await connection.OpenAsync(cancellationToken);
        var total = 0;
        while (true)
        {
            await using var delete = connection.CreateCommand();
            delete.CommandText = nguon.Storage == StorageKind.Postgres
                ? $"""
                  DELETE FROM orleansstorage WHERE ctid IN (SELECT ctid FROM orleansstorage
                      WHERE serviceid = @service AND grainidextensionstring LIKE '{Rows}' AND modifiedon < @cutoff LIMIT {Batch})
                  """
                : $"""
                  DELETE FROM OrleansStorage WHERE rowid IN (SELECT rowid FROM OrleansStorage
                      WHERE ServiceId = @service AND GrainIdExtensionString LIKE '{Rows}' AND ModifiedOn < @cutoff LIMIT {Batch})
                  """;
            Add(delete, "service", nguon.ServiceId);
            // SQLite's datetime('now') text, which compares in time order.
            Add(delete, "cutoff", nguon.Storage == StorageKind.Postgres
                ? cutoff : cutoff.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < Batch) return total;
        }
    }

    private DbConnection Connection() => nguon.Storage == StorageKind.Postgres
        ? new NpgsqlConnection(nguon.StorageConnectionString)
        : new SqliteConnection(nguon.StorageConnectionString);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
