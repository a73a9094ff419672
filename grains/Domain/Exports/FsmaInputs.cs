using Nguon.Model;

namespace Nguon.Domain.Exports;

/// <summary>What the FSMA 204 rows are built from: plain records, so a backward trace (<see cref="FromGraph"/>) or rows
/// of a SQL read model (batches, their events, farms, organisations, products) feed the same builder.</summary>
/// <param name="Lots">Every lot of the chain with its events; lots named as parents but absent are simply not followed.</param>
/// <param name="Parties">Organisations by id (business name, commune, country), for location descriptions.</param>
/// <param name="Products">GS1 product master data by GTIN-14 (name, net content), for product descriptions.</param>
public sealed record FsmaChain(
    IReadOnlyList<FsmaLot> Lots, IReadOnlyList<FsmaFarm> Farms, IReadOnlyList<FsmaParty> Parties, IReadOnlyList<FsmaProduct> Products)
{
    /// <summary>The chain a backward trace gives, with the organisations and products the endpoint looked up.</summary>
    public static FsmaChain FromGraph(ProvenanceGraph graph, IEnumerable<Organisation> organisations, IEnumerable<Product> products) =>
        new([.. graph.Batches.Select(FsmaLot.Of)],
            [.. graph.Farms.Select(f => new FsmaFarm(f.Code, f.Name, f.Owner, f.Address, f.LocationGeoJson))],
            [.. organisations.Select(o => new FsmaParty(o.Id, o.Name, o.Commune, o.Country))],
            [.. products.Select(p => new FsmaProduct(p.Gtin, p.Name.En, p.NetContent))]);

    /// <summary>The organisations a trace's rows name (custodians, shippers, receivers, destinations, farm owners): what to
    /// look up before building.</summary>
    public static IReadOnlyList<string> PartiesOf(ProvenanceGraph graph) =>
        [.. graph.Batches.SelectMany(n => n.Events.SelectMany(e => new[] { e.Actor, e.Destination })
                .Append(n.Batch.FirstCustodian).Append(n.Batch.Custodian))
            .Concat(graph.Farms.Select(f => f.Owner))
            .OfType<string>().Where(Ids.IsValid).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The GTINs the chain's lots carry: whose product master data to look up.</summary>
    public static IReadOnlyList<string> GtinsOf(ProvenanceGraph graph) =>
        [.. graph.Batches.Select(n => n.Batch.Gtin).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

/// <summary>A lot (Nguon batch): its creation record and its events, oldest first (the first is its creation).</summary>
/// <param name="FirstCustodian">Who created it (the harvesting producer, the packer that merged or split).</param>
public sealed record FsmaLot(
    string Code, string? Gtin, string? Lot, string Product, string? Variety, Quantity Quantity, OriginKind Origin, string? Farm,
    IReadOnlyList<QuantityLink> Parents, string FirstCustodian, IReadOnlyList<FsmaEvent> Events)
{
    public static FsmaLot Of(BatchNode node)
    {
        var b = node.Batch;
        return new(b.Code, b.Gtin, b.Lot, b.Product, b.Variety, b.Quantity, b.Origin.Kind, b.Origin.Farm,
            [.. b.Origin.Parents.Select(p => new QuantityLink(p.Batch, p.Taken))], b.FirstCustodian ?? b.Custodian,
            [.. node.Events.OrderBy(e => e.Sequence).Select(FsmaEvent.Of)]);
    }
}

/// <summary>One EPCIS event of a lot as the export reads it.</summary>
/// <param name="Outputs">What the event took out of the lot for other lots (a split's parts, a merge's take).</param>
public sealed record FsmaEvent(
    int Sequence, string BizStep, DateTimeOffset EventTime, string? ReadPoint, string? BizLocation, string Actor, Quantity? Quantity,
    string? Destination, IReadOnlyList<QuantityLink> Outputs, IReadOnlyList<SensorReading> Sensors, IReadOnlyList<DocumentRef> Documents)
{
    public static FsmaEvent Of(BatchEvent e) =>
        new(e.Sequence, e.BizStep, e.EventTime, e.ReadPoint, e.BizLocation, e.Actor, e.Quantity, e.Destination, e.Outputs, e.Sensors,
            e.Documents);
}

/// <summary>A farm: its code is its growing-area code (mã số vùng trồng), its location a GeoJSON point or polygon.</summary>
public sealed record FsmaFarm(string Code, string Name, string Owner, AdminArea Address, string LocationGeoJson);

/// <summary>An organisation as a location description names it.</summary>
public sealed record FsmaParty(string Id, string Name, string? Commune, string? Country);

/// <summary>A GTIN's product master data (the brand owner's): its English name and net content.</summary>
public sealed record FsmaProduct(string Gtin, string Name, Quantity? NetContent);
