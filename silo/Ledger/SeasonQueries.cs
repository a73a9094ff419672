using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nguon.Domain.Alerts;
using Nguon.Domain.Ledger;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;

namespace Nguon.Silo.Ledger;

/// <summary>What the season ledger and the alert rules read from the read model: one GI's season in a few set queries (no
/// walk: lineage is read as rows and ordered in memory), each bounded by the GI and the season's dates. A derived lot
/// belongs to the season through its parents, so every GI-claimed lot made since the season began is read.</summary>
public sealed partial class SeasonQueries(ReadModelSql sql)
{
    /// <summary>What the ledger and the rules read of a season, before the lineage says which lots are in it (or, read for
    /// some lots only, those lots' rows).</summary>
    public sealed record SeasonRows(LedgerInput Input, IReadOnlyList<HarvestFact> Harvests, IReadOnlyList<TreatmentFact> Treatments,
        IReadOnlyList<ShipmentFact> Shipments, IReadOnlyList<ScanMissFact> ScanMisses);

    /// <summary>Nguon's GIs are Viet Nam's: a shipment to an organisation elsewhere is an export.</summary>
    public const string HomeCountry = "VN";

    /// <summary>A season is a calendar year where the fruit was harvested (GiRules.SeasonOf); read with a day's margin
    /// for the offsets harvests were recorded in.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Bounds(string season)
    {
        var year = int.Parse(season, CultureInfo.InvariantCulture);
        return (new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(-1),
            new DateTimeOffset(year + 1, 1, 2, 0, 0, 0, TimeSpan.Zero));
    }

    /// <summary>The GI's farms authorised in the season (@gi, @from, @to); public, as the next two, so the benchmark
    /// explains exactly what is sent.</summary>
    public const string FarmsSql = """
        SELECT f.code, f.name, f.owner, f.commune, f.area_ha, a.status
        FROM rm_authorisations a JOIN rm_farms f ON f.service_id = a.service_id AND f.code = a.farm
        WHERE a.service_id = @s AND a.gi = @gi AND a.valid_from < @to AND (a.valid_to IS NULL OR a.valid_to >= @from)
        """;

    /// <summary>The season's lots with their packing, fumigation and shipments (@gi, @season, @from, the steps, @home).</summary>
    public const string LotsSql = $"""
        SELECT b.code, b.origin_kind, b.farm, b.season, b.quantity, b.unit, b.remaining, b.status, b.created_at, b.created_offset,
            COALESCE(x.packed, 0), COALESCE(x.fumigated, 0), y.abroad, COALESCE(y.market, 0), b.product
        FROM rm_batches b
        LEFT JOIN (SELECT batch, MAX(CASE WHEN biz_step = @fumigating THEN 0 ELSE 1 END) AS packed,
                MAX(CASE WHEN biz_step = @fumigating THEN 1 ELSE 0 END) AS fumigated
            FROM rm_events WHERE service_id = @s AND biz_step IN (@packing, @packing_uri, @fumigating) AND event_time >= @from
                /*lots:batch*/
            GROUP BY batch) x ON x.batch = b.code
        LEFT JOIN (SELECT d.batch, MAX(CASE WHEN o.country <> @home THEN o.country END) AS abroad,
                MAX(CASE WHEN o.roles LIKE '%retailer%' THEN 1 ELSE 0 END) AS market
            FROM rm_organisations o JOIN rm_batch_destinations d ON d.service_id = o.service_id AND d.destination = o.id
            WHERE o.service_id = @s AND (o.country <> @home OR o.roles LIKE '%retailer%') AND d.shipped_at >= @from /*lots:d.batch*/
            GROUP BY d.batch) y ON y.batch = b.code
        WHERE {SeasonLots} /*lots:b.code*/
        """;

    /// <summary>The lineage rows of the season's derived lots.</summary>
    public const string EdgesSql = $"""
        SELECT l.child, l.parent, l.quantity, l.unit
        FROM rm_lineage l JOIN rm_batches b ON b.service_id = l.service_id AND b.code = l.child
        WHERE b.origin_kind <> 'harvest' AND {SeasonLots} /*lots:b.code*/
        """;

    public async Task<LedgerInput> Input(string gi, string season, decimal maxYieldKgPerHa, CancellationToken cancellationToken) =>
        (await Read(gi, season, maxYieldKgPerHa, null, null, cancellationToken)).Input;

    /// <summary>The season's rows: the ledger's input and, given <paramref name="treatmentStep"/>, the facts' rows; given
    /// <paramref name="only"/>, only those lots' rows (the farms and the scan counts are always read whole).</summary>
    public async Task<SeasonRows> Read(string gi, string season, decimal maxYieldKgPerHa, string? treatmentStep,
        IReadOnlyCollection<string>? only, CancellationToken cancellationToken)
    {
        var (from, to) = Bounds(season);
        var p = new List<(string, object?)> { ("gi", gi), ("season", season), ("from", from), ("to", to) };
        if (only is not null) p.Add(("codes", sql.Kind == StorageKind.Postgres ? only.ToArray() : JsonSerializer.Serialize(only)));
        string Only(string text) => LotFilter().Replace(text, m => only is null ? ""
            : sql.Kind == StorageKind.Postgres ? $"AND {m.Groups[1].Value} = ANY(@codes)"
            : $"AND {m.Groups[1].Value} IN (SELECT value FROM json_each(@codes))");
        var steps = new List<(string, object?)>(p)
        {
            ("packing", BizStep.Packing.Value), ("packing_uri", BizStep.Packing.Uri), ("fumigating", BizStep.Fumigating.Value),
            ("home", HomeCountry), ("step", treatmentStep ?? BizStep.Fumigating.Value),
        };
        // On connections of their own, at once: the database reads one query while this process parses another's rows.
        var farms = sql.Rows(FarmsSql, p, r => new LedgerFarm(r.GetString(0), r.GetString(1), r.GetString(2),
            r.GetString(3), ReadModelSql.ReadDecimal(r, 4), r.GetString(5) == "active"), cancellationToken);
        var lots = sql.Rows(Only(LotsSql), steps, ReadLot, cancellationToken);
        var edges = sql.Rows(Only(EdgesSql), p,
            r => new LedgerEdge(r.GetString(0), r.GetString(1), ReadModelSql.ReadDecimal(r, 2), r.GetString(3)), cancellationToken);
        if (treatmentStep is null)
            return new SeasonRows(new LedgerInput(gi, season, maxYieldKgPerHa, await farms, await lots, await edges), [], [], [], []);
        var harvests = sql.Rows(Only(HarvestsSql), p, r => new HarvestFact(r.GetString(0), ReadModelSql.ReadString(r, 1),
            SeasonLedgers.Kg(ReadModelSql.ReadDecimal(r, 2), r.GetString(3)) ?? 0, ReadModelSql.ReadTimeInOffset(r, 4),
            ReadModelSql.ReadTime(r, 6)), cancellationToken);
        var treatments = sql.Rows(Only(TreatmentsSql), steps,
            r => r.IsDBNull(2) ? null : new TreatmentFact(r.GetString(0), r.GetInt32(1), r.GetString(2),
                ReadModelSql.ReadTimeInOffset(r, 3), SeasonLedgers.Kg(ReadModelSql.ReadDecimal(r, 5), r.GetString(6)) ?? 0),
            cancellationToken);
        var shipments = sql.Rows(Only(ShipmentsSql), p, r => new ShipmentFact(r.GetString(0), r.GetInt32(1),
            ReadModelSql.ReadTimeInOffset(r, 2), ReadModelSql.ReadString(r, 4), ReadModelSql.ReadOptionalTimeInOffset(r, 5),
            r.IsDBNull(7) ? null : r.GetInt32(7)), cancellationToken);
        var misses = sql.Rows("""
            SELECT gtin, day, scans FROM nguon_scan_misses WHERE service_id = @s AND gi = @gi AND day >= @first AND day <= @last
            """, [("gi", gi), ("first", season + "-01-01"), ("last", season + "-12-31")],
            r => new ScanMissFact(r.GetString(0), DateOnly.ParseExact(r.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.GetInt64(2)), cancellationToken);
        await Task.WhenAll(farms, lots, edges, harvests, treatments, shipments, misses);
        return new SeasonRows(new LedgerInput(gi, season, maxYieldKgPerHa, await farms, await lots, await edges), await harvests,
            [.. (await treatments).OfType<TreatmentFact>()], await shipments, await misses);
    }

    /// <summary>The season's lots whose rows were written at or after <paramref name="since"/> (by any silo: read from the
    /// store, not from this silo's writer).</summary>
    public Task<List<string>> ChangedLots(string gi, string season, DateTimeOffset since, CancellationToken cancellationToken) =>
        sql.Rows($"SELECT b.code FROM rm_batches b WHERE {SeasonLots} AND b.projected_at >= @since",
            [("gi", gi), ("season", season), ("from", Bounds(season).From), ("since", since)], r => r.GetString(0), cancellationToken);

    /// <summary>The facts the alert rules judge, for the lots <paramref name="shares"/> places in the season.</summary>
    public static SeasonFacts Facts(SeasonRows rows, IReadOnlyDictionary<string, decimal> shares)
    {
        var input = rows.Input;
        var parents = input.Edges.ToLookup(e => e.Child, StringComparer.Ordinal);
        var transformations = input.Lots.Where(l => l.OriginKind == "transformation" && shares.ContainsKey(l.Code))
            .Select(l => new TransformationFact(l.Code, l.Product, SeasonLedgers.Kg(l.Quantity, l.Unit) ?? 0,
                parents[l.Code].Sum(e => SeasonLedgers.Kg(e.Quantity, e.Unit) ?? 0),
                [.. parents[l.Code].Select(e => e.Parent).Order(StringComparer.Ordinal)]))
            .ToList();
        return new SeasonFacts(input.Gi, input.Season, SeasonLedgers.FarmLines(input), rows.Harvests,
            [.. rows.Treatments.Where(t => shares.ContainsKey(t.Lot))], [.. rows.Shipments.Where(m => shares.ContainsKey(m.Lot))],
            transformations, rows.ScanMisses);
    }

    /// <summary>Where a query takes the lots it is limited to (<see cref="Read"/>'s <c>only</c>) — <c>/*lots:column*/</c>, the
    /// column holding a lot's code — or nothing.</summary>
    [GeneratedRegex(@"/\*lots:([a-z._]+)\*/")]
    private static partial Regex LotFilter();

    /// <summary>The season's harvests with their harvest event: when picked, when recorded.</summary>
    public const string HarvestsSql = """
        SELECT b.code, b.farm, b.quantity, b.unit, e.event_time, e.event_offset, e.record_time
        FROM rm_batches b JOIN rm_events e ON e.service_id = b.service_id AND e.batch = b.code AND e.sequence = 1
        WHERE b.service_id = @s AND b.gi_claim = @gi AND b.origin_kind = 'harvest' AND b.season = @season /*lots:b.code*/
        """;

    /// <summary>The GI's treatment events (@step) since the season began.</summary>
    public const string TreatmentsSql = """
        SELECT e.batch, e.sequence, COALESCE(e.biz_location, e.read_point), e.event_time, e.event_offset,
            COALESCE(e.quantity, b.quantity), COALESCE(e.unit, b.unit)
        FROM rm_events e JOIN rm_batches b ON b.service_id = e.service_id AND b.code = e.batch
        WHERE e.service_id = @s AND e.biz_step = @step AND e.event_time >= @from AND b.gi_claim = @gi /*lots:e.batch*/
        """;

    /// <summary>Each shipment of the GI's lots since the season began, with the receiving that followed it on the same lot
    /// (before its next shipment; a lot's moves in sequence order, so the next move is the receiving or it is not). Paired
    /// here, not in memory: half the rows (229,000 shipments of 458,000 moves at a province's size).</summary>
    public const string ShipmentsSql = """
        SELECT batch, sequence, event_time, event_offset, country,
            CASE WHEN next_step = 'receiving' THEN next_time END, CASE WHEN next_step = 'receiving' THEN next_offset END,
            CASE WHEN next_step = 'receiving' THEN next_sequence END
        FROM (SELECT e.batch, e.sequence, e.biz_step, e.event_time, e.event_offset, o.country,
                LEAD(e.biz_step) OVER w AS next_step, LEAD(e.event_time) OVER w AS next_time,
                LEAD(e.event_offset) OVER w AS next_offset, LEAD(e.sequence) OVER w AS next_sequence
            FROM rm_events e JOIN rm_batches b ON b.service_id = e.service_id AND b.code = e.batch
            LEFT JOIN rm_organisations o ON o.service_id = e.service_id AND o.id = e.destination
            WHERE e.service_id = @s AND e.biz_step IN ('shipping', 'receiving') AND e.event_time >= @from AND b.gi_claim = @gi
                /*lots:e.batch*/
            WINDOW w AS (PARTITION BY e.batch ORDER BY e.sequence)) m
        WHERE biz_step = 'shipping'
        """;

    /// <summary>On rm_batches b: the GI's harvests of the season and its lots derived since the season began.</summary>
    private const string SeasonLots = """
        b.service_id = @s AND b.gi_claim = @gi
            AND ((b.origin_kind = 'harvest' AND b.season = @season) OR (b.origin_kind <> 'harvest' AND b.created_at >= @from))
        """;

    /// <summary>A lot's row; where it was shipped from its shipments (rm_batch_destinations): abroad when any went to an
    /// organisation of another country, the domestic market when any went to a retailer. The query starts from those few
    /// organisations and reads their shipments by index (the other shipments cannot change the answer): measured at
    /// 200,000 harvests, the lots query went from 815 to 254 ms.</summary>
    private static LedgerLot ReadLot(DbDataReader r)
    {
        var abroad = ReadModelSql.ReadString(r, 12);
        var shipped = abroad is not null ? ShippedTo.Abroad
            : Convert.ToInt32(r.GetValue(13), CultureInfo.InvariantCulture) == 1 ? ShippedTo.DomesticMarket : ShippedTo.Nowhere;
        return new LedgerLot(r.GetString(0), r.GetString(1), ReadModelSql.ReadString(r, 2), ReadModelSql.ReadString(r, 3),
            ReadModelSql.ReadDecimal(r, 4), r.GetString(5), ReadModelSql.ReadDecimal(r, 6), r.GetString(7),
            ReadModelSql.ReadTimeInOffset(r, 8), Convert.ToInt32(r.GetValue(10), CultureInfo.InvariantCulture) == 1,
            Convert.ToInt32(r.GetValue(11), CultureInfo.InvariantCulture) == 1, shipped, abroad, r.GetString(14));
    }
}
