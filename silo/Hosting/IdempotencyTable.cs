using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Nguon.Model;
using Npgsql;
using NpgsqlTypes;

namespace Nguon.Silo.Hosting;

/// <summary>The <c>nguon_idempotency</c> table (deploy/schema/*.sql) of one service: many keys per statement. Parameterised
/// SQL only; on PostgreSQL arrays through <c>unnest</c>, on SQLite one prepared statement in one transaction (the file's
/// writes are serialised by the caller, <see cref="SerialWriteGrainStorage"/>).</summary>
public sealed class IdempotencyTable(StorageKind kind, string connectionString, string serviceId)
{
    public async Task<Dictionary<string, IdempotencyRow>> Find(IReadOnlyList<string> keys)
    {
        await using var connection = await Open(CancellationToken.None);
        await using var select = connection.CreateCommand();
        if (kind == StorageKind.Postgres)
        {
            select.CommandText = """
                SELECT key, fingerprint, status, content_type, location, body, answered_at FROM nguon_idempotency
                WHERE service_id = @service AND key = ANY(@keys)
                """;
            ((NpgsqlCommand)select).Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text)
            {
                Value = keys.Distinct(StringComparer.Ordinal).ToArray(),
            });
        }
        else
        {
            var distinct = keys.Distinct(StringComparer.Ordinal).ToList();
            select.CommandText = $"""
                SELECT key, fingerprint, status, content_type, location, body, answered_at FROM nguon_idempotency
                WHERE service_id = @service AND key IN ({string.Join(", ", distinct.Select((_, i) => $"@k{i}"))})
                """;
            for (var i = 0; i < distinct.Count; i++) Add(select, $"k{i}", distinct[i]);
        }
        Add(select, "service", serviceId);
        var found = new Dictionary<string, IdempotencyRow>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var answeredAt = kind == StorageKind.Postgres
                ? new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero)
                : DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var response = new RecordedResponse(reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), (byte[])reader.GetValue(5), answeredAt);
            found[reader.GetString(0)] = new IdempotencyRow(reader.GetString(0), reader.GetString(1), response);
        }
        return found;
    }

    /// <summary>Stores every row (a key given twice: the last one), in one transaction.</summary>
    public async Task Upsert(IReadOnlyList<IdempotencyRow> rows)
    {
        // ON CONFLICT may not touch one row twice in a statement.
        var last = rows.GroupBy(r => r.Key, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        await using var connection = await Open(CancellationToken.None);
        if (kind == StorageKind.Postgres)
        {
            await using var upsert = new NpgsqlCommand("""
                INSERT INTO nguon_idempotency (service_id, key, fingerprint, status, content_type, location, body, answered_at)
                SELECT @service, * FROM unnest(@keys, @fingerprints, @statuses, @types, @locations, @bodies, @times)
                ON CONFLICT (service_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
                    content_type = excluded.content_type, location = excluded.location, body = excluded.body,
                    answered_at = excluded.answered_at
                """, (NpgsqlConnection)connection);
            upsert.Parameters.AddWithValue("service", serviceId);
            upsert.Parameters.AddWithValue("keys", last.Select(r => r.Key).ToArray());
            upsert.Parameters.AddWithValue("fingerprints", last.Select(r => r.Fingerprint).ToArray());
            upsert.Parameters.AddWithValue("statuses", last.Select(r => r.Response.Status).ToArray());
            upsert.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text)
            {
                Value = last.Select(r => (object?)r.Response.ContentType ?? DBNull.Value).ToArray(),
            });
            upsert.Parameters.Add(new NpgsqlParameter("locations", NpgsqlDbType.Array | NpgsqlDbType.Text)
            {
                Value = last.Select(r => (object?)r.Response.Location ?? DBNull.Value).ToArray(),
            });
            upsert.Parameters.AddWithValue("bodies", last.Select(r => r.Response.Body).ToArray());
            upsert.Parameters.AddWithValue("times", last.Select(r => r.Response.At.UtcDateTime).ToArray());
            await upsert.ExecuteNonQueryAsync();
            return;
        }
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO nguon_idempotency (service_id, key, fingerprint, status, content_type, location, body, answered_at)
            VALUES (@service, @key, @fingerprint, @status, @type, @location, @body, @at)
            ON CONFLICT (service_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
                content_type = excluded.content_type, location = excluded.location, body = excluded.body,
                answered_at = excluded.answered_at
            """;
        foreach (var row in last)
        {
            insert.Parameters.Clear();
            Add(insert, "service", serviceId);
            Add(insert, "key", row.Key);
            Add(insert, "fingerprint", row.Fingerprint);
            Add(insert, "status", row.Response.Status);
            Add(insert, "type", row.Response.ContentType);
            Add(insert, "location", row.Response.Location);
            Add(insert, "body", row.Response.Body);
            Add(insert, "at", SqliteTime(row.Response.At));
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    public async Task Delete(string key, CancellationToken cancellationToken)
    {
        await using var connection = await Open(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM nguon_idempotency WHERE service_id = @service AND key = @key";
        Add(delete, "service", serviceId);
        Add(delete, "key", key);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes at most <paramref name="limit"/> rows answered before <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> DeleteAnsweredBefore(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await Open(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = kind == StorageKind.Postgres
            ? $"""
              DELETE FROM nguon_idempotency WHERE ctid IN (SELECT ctid FROM nguon_idempotency
                  WHERE service_id = @service AND answered_at < @cutoff LIMIT {limit})
              """
            : $"""
              DELETE FROM nguon_idempotency WHERE rowid IN (SELECT rowid FROM nguon_idempotency
                  WHERE service_id = @service AND answered_at < @cutoff LIMIT {limit})
              """;
        Add(delete, "service", serviceId);
        Add(delete, "cutoff", kind == StorageKind.Postgres ? cutoff.UtcDateTime : SqliteTime(cutoff));
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sortable UTC text, so SQLite compares times in order.</summary>
    private static string SqliteTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);

    private async Task<DbConnection> Open(CancellationToken cancellationToken)
    {
        DbConnection connection = kind == StorageKind.Postgres
            ? new NpgsqlConnection(connectionString)
            : new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
