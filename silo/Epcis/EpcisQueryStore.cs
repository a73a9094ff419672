using System.Data.Common;
using Nguon.Domain.Epcis;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;
using Npgsql;

namespace Nguon.Silo.Epcis;

/// <summary>A page of a query's events: their bodies as captured, and where the next page starts (null on the last).</summary>
public sealed record EpcisEventPage(IReadOnlyList<string> Bodies, EpcisPagePosition? Next);

/// <summary>A query ran past <see cref="EpcisQueryStore.StatementTimeout"/>: the binding's QueryTooComplexException.</summary>
public sealed class EpcisQueryTooComplexException(Exception inner)
    : Exception("the query took longer than the repository allows", inner);

/// <summary>The columns whose distinct values are top-level resources of the binding (/bizSteps, /readPoints, …).</summary>
public enum EpcisValueColumn { BizStep, Disposition, ReadPoint, BizLocation, Epc }

/// <summary>The query side of the captured EPCIS events (nguon_epcis_* tables): SimpleEventQuery pages in keyset order,
/// one event by its eventID, and the distinct values of a column, each filtered by what the reader may see. Every
/// statement is bounded by its LIMIT and, on PostgreSQL, by <see cref="StatementTimeout"/>.</summary>
public sealed class EpcisQueryStore(ReadModelSql sql)
{
    public static readonly TimeSpan StatementTimeout = TimeSpan.FromSeconds(10);

    /// <summary>One page of <paramref name="query"/>'s events for <paramref name="reader"/>.</summary>
    public async Task<EpcisEventPage> Events(EpcisQuery query, Actor reader, CancellationToken cancellationToken = default)
    {
        var delivered = query.After?.Delivered ?? 0;
        var take = Math.Min(query.PerPage, (query.EventCountLimit ?? int.MaxValue) - delivered);
        if (take <= 0) return new([], null);
        var column = EpcisQuerySql.OrderColumn(query.OrderBy);
        var (text, parameters) = EventsSql(query, reader, take);
        var rows = await Read(text, parameters, r => (Seq: r.GetInt64(0), Time: column is null ? (DateTimeOffset?)null
            : ReadModelSql.ReadTime(r, 1), Body: r.GetString(2)), cancellationToken);
        var more = rows.Count > take && delivered + take < (query.EventCountLimit ?? int.MaxValue);
        var page = rows.Take(take).ToList();
        return new([.. page.Select(r => r.Body)], more ? new EpcisPagePosition(page[^1].Time, page[^1].Seq, delivered + take) : null);
    }

    private (string Text, IReadOnlyList<(string Name, object? Value)> Parameters) EventsSql(EpcisQuery query, Actor reader, int take)
    {
        var q = new EpcisQuerySql(sql.Kind, reader).Filter(query).After(query, query.After);
        string Page(string where) => $"""
            SELECT e.seq, {EpcisQuerySql.OrderColumn(query.OrderBy) ?? "NULL"} AS t, e.body FROM nguon_epcis_events e
            WHERE {where}
            ORDER BY {EpcisQuerySql.OrderBy(query)}
            LIMIT {take + 1}
            """;
        if (!q.Restricted) return (Page(q.Where), q.Parameters);
        // A reader of some events: the page of its own and the page of readable lots' events, each in index order, merged.
        var order = EpcisQuerySql.OrderBy(query).Replace("e.event_time", "v.t").Replace("e.record_time", "v.t").Replace("e.seq", "v.seq");
        var text = $"""
            SELECT v.seq, v.t, v.body FROM (
                SELECT * FROM ({Page(q.Captured)}) AS captured
                UNION ALL
                SELECT * FROM ({Page(q.OfReadableLots)}) AS lots) AS v
            ORDER BY {order}
            LIMIT {take + 1}
            """;
        return (text, q.Parameters);
    }

    /// <summary>PostgreSQL's plan of a page of <paramref name="query"/>, run (EXPLAIN ANALYZE, BUFFERS): for the benchmark's
    /// diagnostics and for checking that a query shape uses its index.</summary>
    public async Task<IReadOnlyList<string>> Explain(EpcisQuery query, Actor reader, CancellationToken cancellationToken = default)
    {
        var (text, parameters) = EventsSql(query, reader, query.PerPage);
        return await Read("EXPLAIN (ANALYZE, BUFFERS) " + text, parameters, r => r.GetString(0), cancellationToken);
    }

    /// <summary>How many events <paramref name="query"/> finds for <paramref name="reader"/>, counted up to
    /// <paramref name="upTo"/> + 1 (enough to tell maxEventCount exceeded).</summary>
    public async Task<int> Count(EpcisQuery query, Actor reader, int upTo, CancellationToken cancellationToken = default)
    {
        var q = new EpcisQuerySql(sql.Kind, reader).Filter(query);
        var text = $"SELECT COUNT(*) FROM (SELECT 1 AS one FROM nguon_epcis_events e WHERE {q.Where} LIMIT {upTo + 1}) AS found";
        var rows = await Read(text, q.Parameters, r => Convert.ToInt32(r.GetValue(0)), cancellationToken);
        return rows[0];
    }

    /// <summary>The event stored under <paramref name="eventId"/>, when the reader may see it.</summary>
    public async Task<string?> Event(string eventId, Actor reader, CancellationToken cancellationToken = default)
    {
        var q = new EpcisQuerySql(sql.Kind, reader);
        var id = q.Bind(eventId);
        var rows = await Read($"SELECT e.body FROM nguon_epcis_events e WHERE {q.Where} AND e.event_id = {id}", q.Parameters,
            r => r.GetString(0), cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <summary>The distinct values of <paramref name="column"/> in the events the reader may see, in order after
    /// <paramref name="after"/>: a page of at most <paramref name="limit"/> and whether there are more.</summary>
    public async Task<(IReadOnlyList<string> Values, bool More)> Values(EpcisValueColumn column, Actor reader, string? after, int limit,
        CancellationToken cancellationToken = default)
    {
        var q = new EpcisQuerySql(sql.Kind, reader);
        string text;
        if (column == EpcisValueColumn.Epc)
        {
            // The EPC rows' primary key is ordered by epc: a reader of everything reads it in order; another reader's rows are
            // checked against their events.
            var visible = EpcisQuerySql.Visibility(reader) is { } v
                ? $"AND EXISTS (SELECT 1 FROM nguon_epcis_events e WHERE e.service_id = @s AND e.event_id = x.event_id AND {v})" : "";
            var from = after is null ? "" : $"AND x.epc > {q.Bind(after)}";
            text = $"""
                SELECT DISTINCT x.epc FROM nguon_epcis_epcs x WHERE x.service_id = @s {from} {visible}
                ORDER BY x.epc LIMIT {limit + 1}
                """;
        }
        else
        {
            var name = column switch
            {
                EpcisValueColumn.BizStep => "e.biz_step",
                EpcisValueColumn.Disposition => "e.disposition",
                EpcisValueColumn.ReadPoint => "e.read_point",
                _ => "e.biz_location",
            };
            var from = after is null ? "" : $"AND {name} > {q.Bind(after)}";
            text = $"""
                SELECT DISTINCT {name} FROM nguon_epcis_events e WHERE {q.Where} AND {name} IS NOT NULL {from}
                ORDER BY {name} LIMIT {limit + 1}
                """;
        }
        var rows = await Read(text, q.Parameters, r => r.GetString(0), cancellationToken);
        return (rows.Take(limit).ToList(), rows.Count > limit);
    }

    /// <summary>Runs a query on a query connection; on PostgreSQL in a read-only transaction whose statements stop at
    /// <see cref="StatementTimeout"/> (SET LOCAL: the pooled connection keeps no setting).</summary>
    private async Task<List<T>> Read<T>(string text, IReadOnlyList<(string Name, object? Value)> parameters, Func<DbDataReader, T> row,
        CancellationToken cancellationToken)
    {
        await using var connection = await sql.OpenForQueries(cancellationToken);
        await using var transaction = sql.Kind == StorageKind.Postgres ? await connection.BeginTransactionAsync(cancellationToken) : null;
        if (transaction is not null)
        {
            await using var limit = connection.CreateCommand();
            limit.Transaction = transaction;
            limit.CommandText = $"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {(int)StatementTimeout.TotalMilliseconds}";
            await limit.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = sql.Command(connection, text, transaction);
        foreach (var (name, value) in parameters) sql.Add(command, name, value);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken)) rows.Add(row(reader));
            return rows;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && !cancellationToken.IsCancellationRequested)
        {
            throw new EpcisQueryTooComplexException(e);
        }
    }
}
