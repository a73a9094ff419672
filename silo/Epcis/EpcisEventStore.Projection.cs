using System.Data.Common;
using Nguon.Domain.Epcis;
using Nguon.Silo.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace Nguon.Silo.Epcis;

/// <summary>A read-model event row (rm_events) not yet in the EPCIS repository.</summary>
public sealed record PendingEvent(string Batch, int Sequence);

/// <summary>The EPCIS forms of a pass's pending events, in their order (null: none could be made; the row stays pending),
/// and the record time they were prepared with.</summary>
public sealed record ProjectionForms(DateTimeOffset RecordTime, IReadOnlyList<StoredEvent?> Events);

/// <summary>What a pass did: rows taken, events stored, rows done without storing (a captured event stands for them, or
/// their form was stored before), rows left pending, and the last row taken (where the next pass goes on).</summary>
public sealed record ProjectionPass(int Taken, int Stored, int Skipped, int Left, PendingEvent? Last)
{
    public static ProjectionPass None { get; } = new(0, 0, 0, 0, null);
}

/// <summary>The projection of Nguon's own events into the repository (<see cref="EpcisProjector"/>), and what a capture
/// does about them: an event applied from a capture is stored once, as captured.</summary>
public sealed partial class EpcisEventStore
{
    /// <summary>The capture_id of projected events: Nguon's own record, not a capture (captures' ids are 32 hex digits or
    /// start with "event:").</summary>
    public const string NguonCaptureId = "nguon";

    /// <summary>One pass: takes up to <paramref name="limit"/> pending rows after <paramref name="after"/> (in batch, sequence
    /// order), has <paramref name="forms"/> make their forms, stores them (unless a captured event stands for one) and clears
    /// the rows done, in one transaction. On PostgreSQL a pass holds its lots' advisory locks (<see cref="LotLock"/>), taken
    /// without waiting: a lot another silo's pass holds is left to it, so silos share the work. No row lock is held while the
    /// forms are made: a grain write that rewrites its lot's rows (a whole projection deletes them) must not wait for a pass
    /// that waits for that grain. On SQLite only the write goes through the gate, so grain calls never hold it.</summary>
    public async Task<ProjectionPass> Project(int limit, PendingEvent? after,
        Func<IReadOnlyList<PendingEvent>, Task<ProjectionForms>> forms, CancellationToken cancellationToken = default)
    {
        if (sql.Kind == StorageKind.Postgres)
        {
            await using var connection = await sql.Open(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var read = await Pending(connection, transaction, limit, after, cancellationToken);
            if (read.Count == 0) return ProjectionPass.None;
            var locked = await TryLock(connection, transaction, read, cancellationToken);
            var rows = read.Where(r => locked.Contains(r.Batch)).ToList();
            var pass = rows.Count == 0 ? ProjectionPass.None
                : await Write(connection, transaction, rows, await forms(rows), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return pass with { Taken = read.Count, Left = pass.Left + read.Count - rows.Count, Last = read[^1] };
        }
        List<PendingEvent> pending;
        await using (var reading = await sql.OpenForQueries(cancellationToken))
            pending = await Pending(reading, null, limit, after, cancellationToken);
        if (pending.Count == 0) return ProjectionPass.None;
        var made = await forms(pending);
        return await gate.Through(async () =>
        {
            await using var connection = await sql.Open(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var pass = await Write(connection, transaction, pending, made, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return pass;
        }, cancellationToken);
    }

    private async Task<List<PendingEvent>> Pending(DbConnection connection, DbTransaction? transaction, int limit,
        PendingEvent? after, CancellationToken cancellationToken)
    {
        await using var command = sql.Command(connection, $"""
            SELECT batch, sequence FROM rm_events
            WHERE service_id = @s AND epcis_pending AND (batch, sequence) > (@batch, @sequence)
            ORDER BY batch, sequence LIMIT @limit
            """, transaction);
        sql.Add(command, "batch", after?.Batch ?? "");
        sql.Add(command, "sequence", after?.Sequence ?? 0);
        sql.Add(command, "limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<PendingEvent>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(new(reader.GetString(0), reader.GetInt32(1)));
        return rows;
    }

    /// <summary>A lot's transaction-scoped advisory lock key: projections and the captures that release them take it
    /// (PostgreSQL).</summary>
    private const string LotLock = "hashtextextended(@s || ':' || b, 0)";

    /// <summary>The lots of <paramref name="rows"/> whose lock this transaction got without waiting.</summary>
    private async Task<HashSet<string>> TryLock(DbConnection connection, DbTransaction transaction, List<PendingEvent> rows,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        var command = new NpgsqlBatchCommand($"SELECT b FROM unnest(@batches) AS u(b) WHERE pg_try_advisory_xact_lock({LotLock})");
        command.Parameters.AddWithValue("s", sql.ServiceId);
        Array(command, "batches", NpgsqlDbType.Text, rows.Select(r => r.Batch).Distinct(StringComparer.Ordinal).Select(b => (object?)b));
        batch.BatchCommands.Add(command);
        var locked = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) locked.Add(reader.GetString(0));
        return locked;
    }

    private async Task<ProjectionPass> Write(DbConnection connection, DbTransaction transaction, List<PendingEvent> rows,
        ProjectionForms forms, CancellationToken cancellationToken)
    {
        var done = rows.Zip(forms.Events).Where(x => x.Second is not null).ToList();
        var events = done.Select(x => x.Second!).ToList();
        var added = await InsertEvents(connection, transaction, events, forms.RecordTime, NguonCaptureId, "", unlessCaptured: true,
            cancellationToken);
        await InsertChildren(connection, transaction, [.. events.Where(e => added.Contains(e.EventId))], null, cancellationToken);
        var cleared = done.Select(x => x.First).ToList();
        if (sql.Kind == StorageKind.Postgres && cleared.Count > 0)
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
            var command = new NpgsqlBatchCommand("""
                UPDATE rm_events r SET epcis_pending = FALSE FROM unnest(@batches, @sequences) AS u(b, q)
                WHERE r.service_id = @s AND r.batch = u.b AND r.sequence = u.q
                """);
            command.Parameters.AddWithValue("s", sql.ServiceId);
            Array(command, "batches", NpgsqlDbType.Text, cleared.Select(c => (object?)c.Batch));
            Array(command, "sequences", NpgsqlDbType.Integer, cleared.Select(c => (object?)c.Sequence));
            batch.BatchCommands.Add(command);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        else
            foreach (var c in cleared)
                await Run(connection, transaction,
                    "UPDATE rm_events SET epcis_pending = FALSE WHERE service_id = @s AND batch = @batch AND sequence = @sequence",
                    [("batch", c.Batch), ("sequence", c.Sequence)], cancellationToken);
        return new(rows.Count, added.Count, done.Count - added.Count, rows.Count - done.Count, rows[^1]);
    }

    /// <summary>In a capture's transaction: the Nguon events its stored events were applied as (same lot, event time and
    /// step) are not to be projected. Their rows are cleared, and a projection made of one before this capture was stored
    /// (a document's events are applied one by one and stored together at the end) is deleted: on PostgreSQL the capture
    /// first waits for the lots' locks (in order: captures do not deadlock each other), so a pass on them has committed and
    /// the delete, a later statement, sees what it stored; a pass after it sees the captured events.</summary>
    private async Task ReleaseProjections(DbConnection connection, DbTransaction transaction, List<StoredEvent> stored,
        CancellationToken cancellationToken)
    {
        var lots = stored.Where(e => e.Batch is not null && e.Index.BizStep is not null).ToList();
        if (lots.Count == 0) return;
        if (sql.Kind == StorageKind.Postgres)
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
            var wait = new NpgsqlBatchCommand(
                $"SELECT pg_advisory_xact_lock({LotLock}) FROM (SELECT DISTINCT b FROM unnest(@batches) AS u(b) ORDER BY b) AS l");
            wait.Parameters.AddWithValue("s", sql.ServiceId);
            Array(wait, "batches", NpgsqlDbType.Text, lots.Select(e => (object?)e.Batch));
            batch.BatchCommands.Add(wait);
            var release = new NpgsqlBatchCommand("""
                UPDATE rm_events r SET epcis_pending = FALSE FROM unnest(@batches, @times, @steps) AS u(b, t, st)
                WHERE r.service_id = @s AND r.batch = u.b AND r.event_time = u.t AND r.biz_step = u.st AND r.epcis_pending
                """);
            var forget = new NpgsqlBatchCommand("""
                WITH twins AS (
                    DELETE FROM nguon_epcis_events e USING unnest(@batches, @times, @steps) AS u(b, t, st)
                    WHERE e.service_id = @s AND e.batch = u.b AND e.event_time = u.t AND e.biz_step = u.st AND e.capture_id = @nguon
                    RETURNING e.event_id),
                epcs AS (DELETE FROM nguon_epcis_epcs p USING twins WHERE p.service_id = @s AND p.event_id = twins.event_id)
                DELETE FROM nguon_epcis_sensor_reports r USING twins WHERE r.service_id = @s AND r.event_id = twins.event_id
                """);
            foreach (var (command, step) in new[] { (release, (Func<StoredEvent, string>)(e => NguonStep(e.Index.BizStep!))),
                         (forget, e => e.Index.BizStep!) })
            {
                command.Parameters.AddWithValue("s", sql.ServiceId);
                command.Parameters.AddWithValue("nguon", NguonCaptureId);
                Array(command, "batches", NpgsqlDbType.Text, lots.Select(e => (object?)e.Batch));
                Array(command, "times", NpgsqlDbType.TimestampTz, lots.Select(e => (object?)e.Index.EventTime.UtcDateTime));
                Array(command, "steps", NpgsqlDbType.Text, lots.Select(e => (object?)step(e)));
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return;
        }
        const string Twin = """
            SELECT event_id FROM nguon_epcis_events WHERE service_id = @s AND batch = @batch AND event_time = @time
                AND biz_step = @step AND capture_id = @nguon
            """;
        foreach (var e in lots)
        {
            (string, object?)[] values = [("batch", e.Batch), ("time", e.Index.EventTime), ("step", e.Index.BizStep),
                ("nguon", NguonCaptureId), ("bare", NguonStep(e.Index.BizStep!))];
            await Run(connection, transaction, """
                UPDATE rm_events SET epcis_pending = FALSE
                WHERE service_id = @s AND batch = @batch AND event_time = @time AND biz_step = @bare AND epcis_pending
                """, values, cancellationToken);
            foreach (var table in new[] { "nguon_epcis_epcs", "nguon_epcis_sensor_reports", "nguon_epcis_events" })
                await Run(connection, transaction, $"DELETE FROM {table} WHERE service_id = @s AND event_id IN ({Twin})", values,
                    cancellationToken);
        }
    }

    /// <summary>A step as a Nguon event writes it (rm_events.biz_step): a CBV step by its bare name, Nguon's by its URI.</summary>
    internal static string NguonStep(string canonical) =>
        canonical.StartsWith(EpcisIndex.BizStepPrefix, StringComparison.Ordinal) ? canonical[EpcisIndex.BizStepPrefix.Length..]
            : canonical;
}
