using System.Data.Common;
using System.Globalization;

namespace Nguon.Silo.Hosting;

/// <summary>Which layout of keys and hashes a database holds (table nguon_store_format, one row). Format 1 is every
/// store written before issue 12, which has no marker: hex-looking keys stored as integers, records outside the
/// hash chains. Format 2 has canonical stored keys (<see cref="CanonicalKeyGrainStorage"/>) and hash-chained
/// records. A silo reads its own format only: read as format 2, a format 1 store would merge rows that were apart
/// and fail every verification, so the silo refuses to start on it rather than serve wrong answers.</summary>
public static class StoreFormat
{
    public const int Current = 2;

    /// <summary>The format of a store that has grain rows and no marker.</summary>
    public const int Unmarked = 1;

    /// <summary>What to do with a store marked <paramref name="marked"/> (null: no marker): go on, mark it (an
    /// empty store), or refuse with one line naming <paramref name="database"/> and what to do.</summary>
    public static (bool Mark, string? Refusal) Decide(int? marked, bool hasGrainRows, string database)
    {
        if (marked == Current) return (false, null);
        if (marked is null && !hasGrainRows) return (true, null);
        var found = marked ?? Unmarked;
        return (false, found < Current
            ? $"the database {database} was written by an earlier Nguon (store format {found}): its keys and hashes cannot be "
                + $"read by this version (store format {Current}); start on an empty database and record the data again, "
                + "keeping the old database for the earlier version"
            : $"the database {database} was written by a newer Nguon (store format {found}); this version reads store format "
                + $"{Current} only: run the newer version, or start on an empty database");
    }

    /// <summary>Marks an empty store or checks a marked one, in one transaction (PostgreSQL callers also hold the
    /// migrator's advisory lock, so silos starting together mark a store once).</summary>
    /// <exception cref="SettingsException">The store holds another format: the message is the one line to print.</exception>
    public static async Task CheckAsync(DbConnection connection, string database, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var marked = await Scalar(transaction, "SELECT version FROM nguon_store_format WHERE id = 1", cancellationToken);
        var hasGrainRows = await Scalar(transaction, "SELECT 1 FROM OrleansStorage LIMIT 1", cancellationToken) is not null;
        var (mark, refusal) = Decide(marked is null ? null : Convert.ToInt32(marked, CultureInfo.InvariantCulture), hasGrainRows, database);
        if (refusal is not null) throw new SettingsException(refusal);
        if (mark)
            await Scalar(transaction, $"INSERT INTO nguon_store_format (id, version) VALUES (1, {Current})", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<object?> Scalar(DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }
}
