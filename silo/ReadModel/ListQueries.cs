using System.Data.Common;
using System.Text;
using Nguon.Domain.ReadModel;
using Nguon.Model;
using Nguon.Silo.Hosting;

namespace Nguon.Silo.ReadModel;

/// <summary>A batch as lists show it.</summary>
public sealed record BatchSummary(
    string Code, string? Gtin, string? Lot, string Product, string? Variety, Quantity Quantity, decimal Remaining, string? GiClaim,
    string Origin, string? Farm, string? Season, string Custodian, string? Destination, string? DestinationCountry,
    BatchStatus Status, DateTimeOffset CreatedAt, DateTimeOffset LastEventAt, int EventCount);

/// <summary>Lists read from the read model, in key order with keyset cursors, filtered by what the reader may read in
/// the query itself (<see cref="ReadScope"/>: the same rules as the grains' <c>Permissions</c>), so no row a reader may
/// not see ever leaves the database. Every filter is a bound parameter.</summary>
public sealed partial class ListQueries(ReadModelSql sql)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    private const string BatchColumns = """
        b.code, b.gtin, b.lot, b.product, b.variety, b.quantity, b.unit, b.remaining, b.gi_claim, b.origin_kind, b.farm, b.season,
        b.custodian, b.destination, b.destination_country, b.status, b.created_at, b.created_offset, b.last_event_at,
        b.last_event_offset, b.event_count
        """;

    public async Task<Page<BatchSummary>> Batches(Actor reader, BatchFilter f, string after, int limit,
        CancellationToken cancellationToken = default)
    {
        var (text, parameters) = BatchQuery(sql.Kind, reader, f, after, limit);
        return Paged(await Read(text, parameters, ReadBatch, cancellationToken), limit, b => b.Code);
    }

    /// <summary>The SQL of <see cref="Batches"/> (one page and one row more, to tell whether another follows); public so
    /// the benchmark explains exactly what is sent. Every filter is one index range or an <c>EXISTS</c> over one.</summary>
    public static (string Sql, List<(string, object?)> Parameters) BatchQuery(
        StorageKind kind, Actor reader, BatchFilter f, string after, int limit)
    {
        var where = new List<string> { "b.service_id = @s", "b.code > @after" };
        var parameters = new List<(string, object?)> { ("after", after) };
        void Add(string condition, string name, object? value)
        {
            where.Add(condition);
            parameters.Add((name, value));
        }
        if (ReadScope.Batches(reader) is { } scope) Add(scope, "reader", reader.Organisation);
        if (f.Gi is not null) Add("b.gi_claim = @gi", "gi", f.Gi);
        if (f.Season is not null) Add("b.season = @season", "season", f.Season);
        if (f.Custodian is not null) Add("b.custodian = @custodian", "custodian", f.Custodian);
        if (f.Status is { } status) Add("b.status = @status", "status", ReadRows.Name(status));
        if (f.Gtin is not null) Add("b.gtin = @gtin", "gtin", f.Gtin);
        if (f.Farm is not null)
            Add("EXISTS (SELECT 1 FROM rm_batch_farms x WHERE x.service_id = @s AND x.batch = b.code AND x.farm = @farm)", "farm", f.Farm);
        if (f.Q is not null) where.Add(PrefixCondition(kind, f.Q, parameters));
        // "Shipped to Japan in June": the window and the destination are one shipment's.
        var shippedTo = f.Destination is not null && f.Step is { } asked && BizStep.Shipping.Is(asked);
        if (f.Destination is not null)
        {
            var window = "";
            if (shippedTo && f.From is { } from) { window += " AND d.shipped_at >= @from"; parameters.Add(("from", from)); }
            if (shippedTo && f.To is { } to) { window += " AND d.shipped_at < @to"; parameters.Add(("to", to)); }
            Add($"""
                EXISTS (SELECT 1 FROM rm_batch_destinations d
                    WHERE d.service_id = @s AND d.batch = b.code AND d.destination = @destination{window})
                """, "destination", f.Destination);
        }
        if (f.Step is not null && !shippedTo)
        {
            var window = "";
            if (f.From is { } from) { window += " AND e.event_time >= @from"; parameters.Add(("from", from)); }
            if (f.To is { } to) { window += " AND e.event_time < @to"; parameters.Add(("to", to)); }
            Add($"EXISTS (SELECT 1 FROM rm_events e WHERE e.service_id = @s AND e.batch = b.code AND e.biz_step = @step{window})",
                "step", f.Step);
        }
        else if (f.Step is null)
        {
            if (f.From is { } from) Add("b.created_at >= @from", "from", from);
            if (f.To is { } to) Add("b.created_at < @to", "to", to);
        }
        // A filter on another table: the page's codes first (an index-only walk in key order; the inner b is the walk's
        // own), then their rows, so the walk does not read the row of every lot it passes over.
        var select = where.Any(w => w.Contains("EXISTS", StringComparison.Ordinal))
            ? $"""
                SELECT {BatchColumns} FROM rm_batches b WHERE b.service_id = @s AND b.code IN (SELECT b.code FROM rm_batches b
                    WHERE {string.Join(" AND ", where)} ORDER BY b.code LIMIT {limit + 1})
                ORDER BY b.code
                """
            : $"SELECT {BatchColumns} FROM rm_batches b WHERE {string.Join(" AND ", where)} ORDER BY b.code LIMIT {limit + 1}";
        return (select, parameters);
    }

    /// <summary>q=: the code, lot or product starts with the prefix, as a range per column compared byte-wise (on
    /// PostgreSQL <c>COLLATE "C"</c>, whatever the database's locale, matching the schema's indexes), so even a
    /// prepared statement's generic plan reads three index ranges instead of the table (a LIKE pattern in a parameter
    /// cannot use an index).</summary>
    private static string PrefixCondition(StorageKind kind, string prefix, List<(string, object?)> parameters)
    {
        var collate = kind == StorageKind.Postgres ? " COLLATE \"C\"" : "";
        var (low, high) = PrefixRange(prefix);
        parameters.Add(("q_low", low));
        if (high is not null) parameters.Add(("q_high", high));
        string Range(string column) =>
            $"(b.{column}{collate} >= @q_low" + (high is null ? ")" : $" AND b.{column}{collate} < @q_high)");
        return $"({Range("code")} OR {Range("lot")} OR {Range("product")})";
    }

    /// <summary>The strings that start with <paramref name="prefix"/>, in code-point order (UTF-8's byte order): from the
    /// prefix itself up to, not including, the prefix with its last code point one higher; no upper bound when every code
    /// point is the highest.</summary>
    public static (string Low, string? High) PrefixRange(string prefix)
    {
        var runes = prefix.EnumerateRunes().ToList();
        while (runes.Count > 0)
        {
            var last = runes[^1].Value;
            runes.RemoveAt(runes.Count - 1);
            if (last == 0x10FFFF) continue;
            var next = new Rune(last == 0xD7FF ? 0xE000 : last + 1);
            return (prefix, string.Concat(runes.Select(r => r.ToString())) + next);
        }
        return (prefix, null);
    }

    private static BatchSummary ReadBatch(DbDataReader r) => new(
        r.GetString(0), ReadModelSql.ReadString(r, 1), ReadModelSql.ReadString(r, 2), r.GetString(3), ReadModelSql.ReadString(r, 4),
        new Quantity(ReadModelSql.ReadDecimal(r, 5), r.GetString(6)), ReadModelSql.ReadDecimal(r, 7), ReadModelSql.ReadString(r, 8),
        r.GetString(9), ReadModelSql.ReadString(r, 10), ReadModelSql.ReadString(r, 11), r.GetString(12), ReadModelSql.ReadString(r, 13),
        ReadModelSql.ReadString(r, 14), Enum.Parse<BatchStatus>(r.GetString(15), ignoreCase: true), ReadModelSql.ReadTimeInOffset(r, 16),
        ReadModelSql.ReadTimeInOffset(r, 18), r.GetInt32(20));

    internal static Page<T> Paged<T>(List<T> rows, int limit, Func<T, string> key) =>
        rows.Count > limit ? new([.. rows.Take(limit)], Cursor.Of(key(rows[limit - 1]))) : new(rows, null);

    internal Task<List<T>> Read<T>(string text, IReadOnlyList<(string, object?)> parameters, Func<DbDataReader, T> row,
        CancellationToken cancellationToken) => sql.Rows(text, parameters, row, cancellationToken);
}
