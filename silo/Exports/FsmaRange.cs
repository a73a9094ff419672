using System.Data.Common;
using System.Text.Json;
using Nguon.Domain.Exports;
using Nguon.Infrastructure;
using Nguon.Model;
using Nguon.Silo.ReadModel;

namespace Nguon.Silo.Exports;

/// <summary>The FSMA 204 rows of a period (<c>?from=&amp;to=&amp;gi=</c>), from the read model: every lot the reader may read
/// (<see cref="ReadScope"/>) with an event in the period (and claiming the GI, if one is named), its parents one level up
/// (for the input lots of initial packing and transformation rows), their events, organisations and farms; then the same
/// row builder as a lot's export, keeping the rows of those lots dated in the period. Bounded: at most
/// <see cref="MaxDays"/> days and <see cref="MaxLots"/> lots, else a problem saying how to narrow it.</summary>
public sealed class FsmaRange(ReadModelSql sql, IGrainFactory grains)
{
    public const int MaxDays = 92;
    public const int MaxLots = 20_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Asked(DateTimeOffset From, DateTimeOffset To, string? Gi);

    /// <summary>The rows, or null when more than <see cref="MaxLots"/> lots fall in the period.</summary>
    public async Task<IReadOnlyList<FsmaRow>?> Rows(Actor reader, Asked asked, CancellationToken cancellationToken)
    {
        await using var connection = await sql.OpenForQueries(cancellationToken);
        var scope = ReadScope.Batches(reader) is { } s ? $" AND {s}" : "";
        var gi = asked.Gi is null ? "" : " AND b.gi_claim = @gi";
        var selected = await Strings(connection, $"""
            SELECT b.code FROM rm_batches b WHERE b.service_id = @s{gi}{scope} AND EXISTS (SELECT 1 FROM rm_events e
                WHERE e.service_id = @s AND e.batch = b.code AND e.event_time >= @from AND e.event_time < @to)
            ORDER BY b.code LIMIT {MaxLots + 1}
            """, [("gi", asked.Gi), ("reader", reader.Organisation), ("from", asked.From), ("to", asked.To)], cancellationToken);
        if (selected.Count > MaxLots) return null;
        if (selected.Count == 0) return [];

        var parents = new List<string>();
        foreach (var chunk in selected.Chunk(500))
            parents.AddRange(await Strings(connection,
                $"SELECT DISTINCT parent FROM rm_lineage WHERE service_id = @s AND child IN ({In(chunk)})",
                Named(chunk), cancellationToken));
        var codes = selected.Concat(parents).Distinct(StringComparer.Ordinal).ToList();
        var lots = new List<FsmaLot>();
        foreach (var chunk in codes.Chunk(500)) lots.AddRange(await Lots(connection, chunk, cancellationToken));

        var farmCodes = lots.Select(l => l.Farm).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var farms = await Fanout.Map(farmCodes, f => grains.GetGrain<IFarmGrain>(f).GetProfile());
        var partyIds = lots.SelectMany(l => l.Events.SelectMany(e => new[] { e.Actor, e.Destination }).Append(l.FirstCustodian))
            .Concat(farms.OfType<Farm>().Select(f => f.Owner)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var parties = new List<FsmaParty>();
        foreach (var chunk in partyIds.Chunk(500))
            parties.AddRange(await Read(connection,
                $"SELECT id, name, commune, country FROM rm_organisations WHERE service_id = @s AND id IN ({In(chunk)})", Named(chunk),
                r => new FsmaParty(r.GetString(0), r.GetString(1), ReadModelSql.ReadString(r, 2), ReadModelSql.ReadString(r, 3)),
                cancellationToken));
        var gtins = lots.Select(l => l.Gtin).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var products = await Fanout.Map(gtins, g => grains.GetGrain<IProductGrain>(g).Get());

        var chain = new FsmaChain(lots,
            [.. farms.OfType<Farm>().Select(f => new FsmaFarm(f.Code, f.Name, f.Owner, f.Address, f.LocationGeoJson))], parties,
            [.. products.OfType<Product>().Select(p => new FsmaProduct(p.Gtin, p.Name.En, p.NetContent))]);
        var inPeriod = selected.ToHashSet(StringComparer.Ordinal);
        var tlcs = lots.Where(l => inPeriod.Contains(l.Code))
            .Select(l => Fsma204.Tlc(l.Code, l.Gtin, l.Lot)).ToHashSet(StringComparer.Ordinal);
        return [.. Fsma204.Rows(chain).Where(r => tlcs.Contains(r.Tlc) && r.Time >= asked.From && r.Time < asked.To)];
    }

    private async Task<List<FsmaLot>> Lots(DbConnection connection, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        var events = (await Read(connection, $"""
            SELECT batch, sequence, biz_step, event_time, event_offset, read_point, biz_location, actor, quantity, unit, destination,
                outputs, sensors, documents
            FROM rm_events WHERE service_id = @s AND batch IN ({In(codes)}) ORDER BY batch, sequence
            """, Named(codes), r => (Batch: r.GetString(0), Event: new FsmaEvent(r.GetInt32(1), r.GetString(2),
                ReadModelSql.ReadTime(r, 3).ToOffset(TimeSpan.FromMinutes(r.GetInt32(4))), ReadModelSql.ReadString(r, 5),
                ReadModelSql.ReadString(r, 6), r.GetString(7),
                r.IsDBNull(8) ? null : new Quantity(ReadModelSql.ReadDecimal(r, 8), r.GetString(9)), ReadModelSql.ReadString(r, 10),
                Parse<QuantityLink>(r.GetString(11)), Parse<SensorReading>(r.GetString(12)), Parse<DocumentRef>(r.GetString(13)))),
            cancellationToken)).ToLookup(e => e.Batch, e => e.Event);
        var lineage = (await Read(connection, $"""
            SELECT child, parent, quantity, unit FROM rm_lineage WHERE service_id = @s AND child IN ({In(codes)}) ORDER BY child, parent
            """, Named(codes), r => (Child: r.GetString(0), Link: new QuantityLink(r.GetString(1),
                new Quantity(ReadModelSql.ReadDecimal(r, 2), r.GetString(3)))), cancellationToken)).ToLookup(l => l.Child, l => l.Link);
        return await Read(connection, $"""
            SELECT code, gtin, lot, product, variety, quantity, unit, origin_kind, farm, first_custodian, custodian
            FROM rm_batches WHERE service_id = @s AND code IN ({In(codes)})
            """, Named(codes), r => new FsmaLot(r.GetString(0), ReadModelSql.ReadString(r, 1), ReadModelSql.ReadString(r, 2),
                r.GetString(3),
                ReadModelSql.ReadString(r, 4), new Quantity(ReadModelSql.ReadDecimal(r, 5), r.GetString(6)),
                Enum.Parse<OriginKind>(r.GetString(7), ignoreCase: true), ReadModelSql.ReadString(r, 8), [.. lineage[r.GetString(0)]],
                ReadModelSql.ReadString(r, 9) ?? r.GetString(10), [.. events[r.GetString(0)]]), cancellationToken);
    }

    private static List<T> Parse<T>(string json) => JsonSerializer.Deserialize<List<T>>(json, Json) ?? [];

    private static string In(IReadOnlyList<string> keys) => string.Join(", ", keys.Select((_, i) => $"@k{i}"));

    private static (string, object?)[] Named(IReadOnlyList<string> keys) => [.. keys.Select((k, i) => ($"k{i}", (object?)k))];

    private Task<List<string>> Strings(DbConnection connection, string text, (string, object?)[] parameters, CancellationToken ct) =>
        Read(connection, text, parameters, r => r.GetString(0), ct);

    private Task<List<T>> Read<T>(DbConnection connection, string text, (string, object?)[] parameters, Func<DbDataReader, T> row,
        CancellationToken cancellationToken) => sql.Rows(connection, text, parameters, row, cancellationToken);
}
