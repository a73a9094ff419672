using System.Data.Common;
using System.Globalization;

namespace Nguon.Silo.Hosting;

/// <summary>The read model's tables (rm_*) are derived: the grains are the truth and the sweep projects every grain row
/// that has no projection. So a change to those tables is not migrated: a database whose read model is of another
/// <see cref="Version"/> has every rm_* table dropped before the schema script creates them anew, and the sweep writes
/// them back from the grains (lists answer partially until it has, and say so: no sweep time yet).</summary>
public static class ReadModelSchema
{
    /// <summary>Raise with every change to an rm_* table (columns, or what a row holds). 3: rm_batch_destinations (one
    /// row per shipment and place), authorisations' validity offsets. 5: rm_events.epcis_pending (every event is projected
    /// into the EPCIS repository again, idempotently).</summary>
    public const int Version = 5;

    /// <summary>Before the schema script: drops the rm_* tables unless they are of <see cref="Version"/>; true if it did.</summary>
    public static async Task<bool> DropIfOtherVersion(DbConnection connection, bool postgres, CancellationToken cancellationToken)
    {
        var tables = await Strings(connection, postgres
            ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'rm\\_%' ESCAPE '\\'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm\\_%' ESCAPE '\\'", cancellationToken);
        if (tables.Count == 0) return false;
        if (tables.Contains("rm_schema"))
        {
            var stored = await Strings(connection, "SELECT CAST(version AS TEXT) FROM rm_schema WHERE id = 1", cancellationToken);
            if (stored.Count == 1 && stored[0] == Version.ToString(CultureInfo.InvariantCulture)) return false;
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in tables)
        {
            await using var drop = connection.CreateCommand();
            drop.Transaction = transaction;
            drop.CommandText = $"DROP TABLE IF EXISTS \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>After the schema script: the tables now are of <see cref="Version"/>.</summary>
    public static string MarkSql =>
        $"INSERT INTO rm_schema (id, version) VALUES (1, {Version}) ON CONFLICT (id) DO UPDATE SET version = excluded.version";

    private static async Task<List<string>> Strings(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new List<string>();
        while (await reader.ReadAsync(cancellationToken)) values.Add(reader.GetString(0));
        return values;
    }
}
