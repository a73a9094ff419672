using System.Data.Common;
using System.Text.Json;
using Nguon.Domain.Epcis;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;
using Npgsql;
using NpgsqlTypes;

namespace Nguon.Silo.Epcis;

/// <summary>One event as it is stored: its eventID (as captured, or its hash ID), the hash ID of its content, the Nguon lot
/// it was applied to (if any), its index, and its JSON as captured with eventID and recordTime filled in. Organisation:
/// whose event it is when that is not the capturer (a Nguon event projected into the repository: its actor's).</summary>
public sealed record StoredEvent(string EventId, string HashId, string? Batch, IndexedEvent Index, string Body,
    string? Organisation = null);

/// <summary>What storing a capture's events did: the eventIDs it added, those already stored with the same content (a
/// re-capture: nothing to do) and those already stored with other content (refused: an eventID names one event).</summary>
public sealed record StoreResult(IReadOnlyList<string> Added, IReadOnlyList<string> AlreadyStored, IReadOnlyList<string> Conflicting);

/// <summary>The capture job as the REST binding reports it.</summary>
public sealed record CaptureJob(string CaptureId, string Organisation, string Behaviour, DateTimeOffset CreatedAt,
    DateTimeOffset FinishedAt,
    bool Success, int Events, int Stored, IReadOnlyList<CaptureError> Errors);

/// <summary>One event's failure in a capture job (or the document's, without an index).</summary>
public sealed record CaptureError(string Type, string Title, int Status, string Detail, int? EventIndex = null, string? EventId = null,
    string? Rule = null);

/// <summary>Captured EPCIS events and capture jobs (nguon_epcis_* tables). A capture's events and its job are written in one
/// transaction; with <c>rollback</c>, an eventID already used for other content rolls the whole capture back.</summary>
public sealed partial class EpcisEventStore(ReadModelSql sql, SqliteWriteGate? gate)
{
    /// <summary>Errors kept with a job: a document of 10,000 bad events must not make a 10,000-entry job row.</summary>
    public const int MaxJobErrors = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stores <paramref name="events"/> and the job that <paramref name="finish"/> makes of the result (none for a
    /// single event's capture), in one transaction. With <paramref name="allOrNothing"/>, any conflicting eventID stores no
    /// event (the job still is).</summary>
    public Task<(StoreResult Result, CaptureJob? Job)> Capture(IReadOnlyList<StoredEvent> events, DateTimeOffset recordTime,
        string captureId, string organisation, bool allOrNothing, Func<StoreResult, CaptureJob?> finish,
        CancellationToken cancellationToken = default) =>
        gate.Through(async () =>
        {
            await using var connection = await sql.Open(cancellationToken);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return await CaptureOnce(connection, events, recordTime, captureId, organisation, allOrNothing, finish,
                        cancellationToken);
                }
                catch (PostgresException e)
                    when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < ReadModelSql.DeadlockRetries)
                {
                }
            }
        }, cancellationToken);

    private async Task<(StoreResult, CaptureJob?)> CaptureOnce(DbConnection connection, IReadOnlyList<StoredEvent> events,
        DateTimeOffset recordTime, string captureId, string organisation, bool allOrNothing, Func<StoreResult, CaptureJob?> finish,
        CancellationToken cancellationToken)
    {
        // Events repeated within one document: the first one counts, later identical ones are re-captures of it.
        var unique = events.DistinctBy(e => e.EventId, StringComparer.Ordinal).ToList();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = await InsertEvents(connection, transaction, unique, recordTime, captureId, organisation, false, cancellationToken);
        var notAdded = unique.Where(e => !added.Contains(e.EventId)).ToList();
        var storedHashes = await HashesOf(connection, transaction, [.. notAdded.Select(e => e.EventId)], cancellationToken);
        var conflicting = notAdded.Where(e => storedHashes.GetValueOrDefault(e.EventId) != e.HashId).Select(e => e.EventId).ToList();
        var already = notAdded.Where(e => storedHashes.GetValueOrDefault(e.EventId) == e.HashId).Select(e => e.EventId).ToList();
        var result = new StoreResult([.. unique.Where(e => added.Contains(e.EventId)).Select(e => e.EventId)], already, conflicting);
        if (allOrNothing && conflicting.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            result = new StoreResult([], already, conflicting);
            var refused = finish(result);
            if (refused is not null)
            {
                await using var jobOnly = await connection.BeginTransactionAsync(cancellationToken);
                await InsertJob(connection, jobOnly, refused, cancellationToken);
                await jobOnly.CommitAsync(cancellationToken);
            }
            return (result, refused);
        }
        var kept = unique.Where(e => added.Contains(e.EventId)).ToList();
        var job = finish(result);
        // On PostgreSQL the job goes in the same round trip as the events' EPC and sensor rows.
        if (!await InsertChildren(connection, transaction, kept, job, cancellationToken) && job is not null)
            await InsertJob(connection, transaction, job, cancellationToken);
        await ReleaseProjections(connection, transaction, kept, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (result, job);
    }

    /// <summary>Inserts the events not stored yet (by eventID), each under its own organisation or else
    /// <paramref name="organisation"/>; with <paramref name="unlessCaptured"/> (a projection) also not an event whose lot,
    /// event time and bizStep a captured event already has (it was applied from that capture). The eventIDs it added.</summary>
    private Task<HashSet<string>> InsertEvents(DbConnection connection, DbTransaction transaction, List<StoredEvent> events,
        DateTimeOffset recordTime, string captureId, string organisation, bool unlessCaptured, CancellationToken cancellationToken) =>
        sql.Kind == StorageKind.Postgres
            ? InsertEventsPostgres(connection, transaction, events, recordTime, captureId, organisation, unlessCaptured, cancellationToken)
            : InsertEventsSqlite(connection, transaction, events, recordTime, captureId, organisation, unlessCaptured, cancellationToken);

    /// <summary>True in SQL when another capture than @capture stored an event of lot <paramref name="batch"/> at
    /// <paramref name="time"/> with step <paramref name="step"/>.</summary>
    private static string Captured(string batch, string time, string step) => $"""
        EXISTS (SELECT 1 FROM nguon_epcis_events c WHERE c.service_id = @s AND c.batch = {batch} AND c.event_time = {time}
            AND c.biz_step = {step} AND c.capture_id <> @capture)
        """;

    private async Task<HashSet<string>> InsertEventsPostgres(DbConnection connection, DbTransaction transaction,
        List<StoredEvent> events, DateTimeOffset recordTime, string captureId, string organisation, bool unlessCaptured,
        CancellationToken cancellationToken)
    {
        await using var command = sql.Command(connection, $"""
            INSERT INTO nguon_epcis_events (service_id, event_id, hash_id, capture_id, organisation, batch, event_type, action,
                event_time, record_time, biz_step, disposition, read_point, biz_location, error_declared, body)
            SELECT @s, i, h, @capture, o, b, t, a, et, @record, st, d, rp, bl, x, body
            FROM unnest(@ids, @hashes, @organisations, @batches, @types, @actions, @times, @steps, @dispositions, @readPoints,
                @bizLocations, @declared, @bodies) AS u(i, h, o, b, t, a, et, st, d, rp, bl, x, body)
            {(unlessCaptured ? "WHERE NOT " + Captured("u.b", "u.et", "u.st") : "")}
            ON CONFLICT (service_id, event_id) DO NOTHING
            RETURNING event_id
            """, transaction);
        var p = (NpgsqlCommand)command;
        p.Parameters.AddWithValue("capture", captureId);
        p.Parameters.AddWithValue("record", recordTime.UtcDateTime);
        void Texts(string name, Func<StoredEvent, string?> value) =>
            p.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text)
            {
                Value = events.Select(e => (object?)value(e) ?? DBNull.Value).ToArray(),
            });
        Texts("ids", e => e.EventId);
        Texts("hashes", e => e.HashId);
        Texts("organisations", e => e.Organisation ?? organisation);
        Texts("batches", e => e.Batch);
        Texts("types", e => e.Index.EventType);
        Texts("actions", e => e.Index.Action);
        p.Parameters.Add(new NpgsqlParameter("times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = events.Select(e => e.Index.EventTime.UtcDateTime).ToArray(),
        });
        Texts("steps", e => e.Index.BizStep);
        Texts("dispositions", e => e.Index.Disposition);
        Texts("readPoints", e => e.Index.ReadPoint);
        Texts("bizLocations", e => e.Index.BizLocation);
        p.Parameters.Add(new NpgsqlParameter("declared", NpgsqlDbType.Array | NpgsqlDbType.Boolean)
        {
            Value = events.Select(e => e.Index.ErrorDeclared).ToArray(),
        });
        Texts("bodies", e => e.Body);
        var added = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) added.Add(reader.GetString(0));
        return added;
    }

    private async Task<HashSet<string>> InsertEventsSqlite(DbConnection connection, DbTransaction transaction,
        List<StoredEvent> events, DateTimeOffset recordTime, string captureId, string organisation, bool unlessCaptured,
        CancellationToken cancellationToken)
    {
        var added = new HashSet<string>(StringComparer.Ordinal);
        // INSERT … SELECT with a WHERE clause: SQLite reads the ON CONFLICT after it as the upsert, not as a join's ON.
        await using var command = sql.Command(connection, $"""
            INSERT INTO nguon_epcis_events (service_id, event_id, hash_id, capture_id, organisation, batch, event_type, action,
                event_time, record_time, biz_step, disposition, read_point, biz_location, error_declared, body)
            SELECT @s, @id, @hash, @capture, @organisation, @batch, @type, @action, @time, @record, @step, @disposition, @readPoint,
                @bizLocation, @declared, @body
            WHERE {(unlessCaptured ? "NOT " + Captured("@batch", "@time", "@step") : "TRUE")}
            ON CONFLICT (service_id, event_id) DO NOTHING
            """, transaction);
        foreach (var e in events)
        {
            command.Parameters.Clear();
            sql.Add(command, "s", sql.ServiceId);
            foreach (var (name, value) in new (string, object?)[]
            {
                ("id", e.EventId), ("hash", e.HashId), ("capture", captureId), ("organisation", e.Organisation ?? organisation),
                ("batch", e.Batch),
                ("type", e.Index.EventType), ("action", e.Index.Action), ("time", e.Index.EventTime), ("record", recordTime),
                ("step", e.Index.BizStep), ("disposition", e.Index.Disposition), ("readPoint", e.Index.ReadPoint),
                ("bizLocation", e.Index.BizLocation), ("declared", e.Index.ErrorDeclared ? 1 : 0), ("body", e.Body),
            })
                sql.Add(command, name, value);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 1) added.Add(e.EventId);
        }
        return added;
    }

    /// <summary>The hash IDs stored under these eventIDs (those not stored are left out).</summary>
    public async Task<IReadOnlyDictionary<string, string>> StoredHashes(IReadOnlyList<string> eventIds,
        CancellationToken cancellationToken = default)
    {
        if (eventIds.Count == 0) return new Dictionary<string, string>();
        await using var connection = await sql.Open(cancellationToken);
        return await HashesOf(connection, null, [.. eventIds], cancellationToken);
    }

    private async Task<Dictionary<string, string>> HashesOf(DbConnection connection, DbTransaction? transaction, string[] ids,
        CancellationToken cancellationToken)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            var names = chunk.Select((_, i) => "@e" + i).ToArray();
            await using var command = sql.Command(connection,
                $"SELECT event_id, hash_id FROM nguon_epcis_events WHERE service_id = @s AND event_id IN ({string.Join(", ", names)})",
                transaction);
            for (var i = 0; i < chunk.Length; i++) sql.Add(command, "e" + i, chunk[i]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) hashes[reader.GetString(0)] = reader.GetString(1);
        }
        return hashes;
    }

    /// <summary>The EPC and sensor rows of <paramref name="events"/>; on PostgreSQL with <paramref name="job"/> in the same
    /// batch (true: the job is written too).</summary>
    private async Task<bool> InsertChildren(DbConnection connection, DbTransaction transaction, List<StoredEvent> events,
        CaptureJob? job, CancellationToken cancellationToken)
    {
        var epcs = events.SelectMany(e => e.Index.Epcs.DistinctBy(x => (x.Epc, x.Role, x.N)).Select(x => (e.EventId, x))).ToList();
        var reports = events.SelectMany(e => e.Index.SensorReports.Select(r => (e.EventId, r))).ToList();
        if (sql.Kind == StorageKind.Postgres)
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
            if (epcs.Count > 0)
            {
                var command = new NpgsqlBatchCommand("""
                    INSERT INTO nguon_epcis_epcs (service_id, epc, event_id, role, n, quantity, uom)
                    SELECT @s, epc, e, role, n, q, uom
                    FROM unnest(@epcs, @events, @roles, @ns, @quantities, @uoms) AS u(epc, e, role, n, q, uom)
                    """);
                command.Parameters.AddWithValue("s", sql.ServiceId);
                Array(command, "epcs", NpgsqlDbType.Text, epcs.Select(x => (object?)x.x.Epc));
                Array(command, "events", NpgsqlDbType.Text, epcs.Select(x => (object?)x.EventId));
                Array(command, "roles", NpgsqlDbType.Text, epcs.Select(x => (object?)x.x.Role));
                Array(command, "ns", NpgsqlDbType.Integer, epcs.Select(x => (object?)x.x.N));
                Array(command, "quantities", NpgsqlDbType.Numeric, epcs.Select(x => (object?)x.x.Quantity));
                Array(command, "uoms", NpgsqlDbType.Text, epcs.Select(x => (object?)x.x.Uom));
                batch.BatchCommands.Add(command);
            }
            if (reports.Count > 0)
            {
                var command = new NpgsqlBatchCommand("""
                    INSERT INTO nguon_epcis_sensor_reports (service_id, event_id, n, type, device_id, chemical_substance, microorganism,
                        value, uom)
                    SELECT @s, e, n, t, d, c, m, v, uom
                    FROM unnest(@events, @ns, @types, @devices, @chemicals, @microorganisms, @values, @uoms)
                        AS u(e, n, t, d, c, m, v, uom)
                    """);
                command.Parameters.AddWithValue("s", sql.ServiceId);
                Array(command, "events", NpgsqlDbType.Text, reports.Select(x => (object?)x.EventId));
                Array(command, "ns", NpgsqlDbType.Integer, reports.Select(x => (object?)x.r.N));
                Array(command, "types", NpgsqlDbType.Text, reports.Select(x => (object?)x.r.Type));
                Array(command, "devices", NpgsqlDbType.Text, reports.Select(x => (object?)x.r.DeviceId));
                Array(command, "chemicals", NpgsqlDbType.Text, reports.Select(x => (object?)x.r.ChemicalSubstance));
                Array(command, "microorganisms", NpgsqlDbType.Text, reports.Select(x => (object?)x.r.Microorganism));
                Array(command, "values", NpgsqlDbType.Numeric, reports.Select(x => (object?)x.r.Value));
                Array(command, "uoms", NpgsqlDbType.Text, reports.Select(x => (object?)x.r.Uom));
                batch.BatchCommands.Add(command);
            }
            if (job is not null)
            {
                var command = new NpgsqlBatchCommand(InsertJobSql);
                foreach (var (name, value) in JobParameters(job)) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
                command.Parameters.AddWithValue("s", sql.ServiceId);
                batch.BatchCommands.Add(command);
            }
            if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        foreach (var (eventId, x) in epcs)
            await Run(connection, transaction, """
                INSERT INTO nguon_epcis_epcs (service_id, epc, event_id, role, n, quantity, uom) VALUES (@s, @epc, @e, @role, @n, @q, @uom)
                """, [("epc", x.Epc), ("e", eventId), ("role", x.Role), ("n", x.N), ("q", x.Quantity), ("uom", x.Uom)], cancellationToken);
        foreach (var (eventId, r) in reports)
            await Run(connection, transaction, """
                INSERT INTO nguon_epcis_sensor_reports (service_id, event_id, n, type, device_id, chemical_substance, microorganism,
                    value, uom)
                VALUES (@s, @e, @n, @t, @d, @c, @m, @v, @uom)
                """, [("e", eventId), ("n", r.N), ("t", r.Type), ("d", r.DeviceId), ("c", r.ChemicalSubstance), ("m", r.Microorganism),
                ("v", r.Value), ("uom", r.Uom)], cancellationToken);
        return false;
    }

    private static void Array(NpgsqlBatchCommand command, string name, NpgsqlDbType type, IEnumerable<object?> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type)
        {
            Value = values.Select(v => v ?? DBNull.Value).ToArray(),
        });

    private const string InsertJobSql = """
        INSERT INTO nguon_epcis_captures (service_id, capture_id, organisation, behaviour, created_at, finished_at, success, events,
            stored, errors)
        VALUES (@s, @id, @organisation, @behaviour, @created, @finished, @success, @events, @stored, @errors)
        """;

    private (string, object?)[] JobParameters(CaptureJob job) =>
    [
        ("id", job.CaptureId), ("organisation", job.Organisation), ("behaviour", job.Behaviour), ("created", sql.Time(job.CreatedAt)),
        ("finished", sql.Time(job.FinishedAt)), ("success", sql.Kind == StorageKind.Postgres ? job.Success : job.Success ? 1 : 0),
        ("events", job.Events), ("stored", job.Stored), ("errors", JsonSerializer.Serialize(job.Errors.Take(MaxJobErrors), Json)),
    ];

    private Task InsertJob(DbConnection connection, DbTransaction transaction, CaptureJob job, CancellationToken cancellationToken) =>
        Run(connection, transaction, InsertJobSql, JobParameters(job), cancellationToken);

    private async Task Run(DbConnection connection, DbTransaction transaction, string text, (string, object?)[] parameters,
        CancellationToken cancellationToken)
    {
        await using var command = sql.Command(connection, text, transaction);
        foreach (var (name, value) in parameters) sql.Add(command, name, value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A capture job (null when there is none); the caller checks whose it is.</summary>
    public async Task<CaptureJob?> Job(string captureId, CancellationToken cancellationToken = default)
    {
        var rows = await sql.Rows("""
            SELECT capture_id, organisation, behaviour, created_at, finished_at, success, events, stored, errors
            FROM nguon_epcis_captures WHERE service_id = @s AND capture_id = @id
            """, [("id", captureId)], r => new CaptureJob(r.GetString(0), r.GetString(1), r.GetString(2), ReadModelSql.ReadTime(r, 3),
            ReadModelSql.ReadTime(r, 4), Convert.ToBoolean(r.GetValue(5)), r.GetInt32(6), r.GetInt32(7),
            JsonSerializer.Deserialize<List<CaptureError>>(r.GetString(8), Json)!), cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <summary>A stored event's body and who captured it, by eventID.</summary>
    public async Task<(string Body, string Organisation, string? Batch)?> Event(string eventId,
        CancellationToken cancellationToken = default)
    {
        var rows = await sql.Rows("SELECT body, organisation, batch FROM nguon_epcis_events WHERE service_id = @s AND event_id = @id",
            [("id", eventId)], r => (r.GetString(0), r.GetString(1), ReadModelSql.ReadString(r, 2)), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }
}
