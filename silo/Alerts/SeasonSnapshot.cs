using Nguon.Domain.Alerts;
using Nguon.Domain.Ledger;
using static Nguon.Silo.Ledger.SeasonQueries;

namespace Nguon.Silo.Alerts;

/// <summary>One GI season's rows as the evaluator last read them, kept between its passes so that a pass reads only the
/// lots written since (<see cref="Apply"/>) instead of the whole season again: at a province's size, some 240,000 lots and
/// 430,000 harvest and shipment rows, re-read in seconds, against a few hundred changed lots read in milliseconds. The
/// lineage and the rules still run over the whole season in memory.</summary>
public sealed class SeasonSnapshot
{
    private readonly Dictionary<string, LedgerLot> lots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LedgerEdge>> edges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HarvestFact> harvests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TreatmentFact>> treatments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ShipmentFact>> shipments = new(StringComparer.Ordinal);
    private IReadOnlyList<LedgerFarm> farms;
    private IReadOnlyList<ScanMissFact> misses;
    private readonly LedgerInput shape;

    /// <param name="readAt">When the reads began: every row written before is in them.</param>
    public SeasonSnapshot(SeasonRows whole, DateTimeOffset readAt)
    {
        (shape, farms, misses) = (whole.Input, whole.Input.Farms, whole.ScanMisses);
        Add(whole);
        (WholeAt, ReadAt) = (readAt, readAt);
    }

    /// <summary>When the season was last read whole, and last read at all (whole or in part).</summary>
    public DateTimeOffset WholeAt { get; }
    public DateTimeOffset ReadAt { get; private set; }
    public int Lots => lots.Count;

    /// <summary>Replaces the rows of the lots <paramref name="changed"/> names with <paramref name="delta"/>'s (read for those
    /// lots only; a lot it no longer holds has left the season), and the farms and scan counts (read whole each time).</summary>
    public void Apply(IReadOnlyCollection<string> changed, SeasonRows delta, DateTimeOffset readAt)
    {
        foreach (var code in changed)
        {
            lots.Remove(code);
            edges.Remove(code);
            harvests.Remove(code);
            treatments.Remove(code);
            shipments.Remove(code);
        }
        Add(delta);
        (farms, misses, ReadAt) = (delta.Input.Farms, delta.ScanMisses, readAt);
    }

    /// <summary>The season's rows now, as <see cref="Nguon.Silo.Ledger.SeasonQueries.Read"/> would give them whole (lots in
    /// no particular order: nothing computed from them depends on it).</summary>
    public SeasonRows Rows(decimal maxYieldKgPerHa) => new(
        shape with
        {
            MaxYieldKgPerHa = maxYieldKgPerHa,
            Farms = farms,
            Lots = [.. lots.Values],
            Edges = [.. edges.Values.SelectMany(e => e)],
        },
        [.. harvests.Values], [.. treatments.Values.SelectMany(t => t)], [.. shipments.Values.SelectMany(s => s)], misses);

    private void Add(SeasonRows rows)
    {
        foreach (var lot in rows.Input.Lots) lots[lot.Code] = lot;
        foreach (var edge in rows.Input.Edges) Into(edges, edge.Child, edge);
        foreach (var harvest in rows.Harvests) harvests[harvest.Lot] = harvest;
        foreach (var treatment in rows.Treatments) Into(treatments, treatment.Lot, treatment);
        foreach (var shipment in rows.Shipments) Into(shipments, shipment.Lot, shipment);
    }

    private static void Into<T>(Dictionary<string, List<T>> by, string key, T row)
    {
        if (!by.TryGetValue(key, out var list)) by[key] = list = [];
        list.Add(row);
    }
}
