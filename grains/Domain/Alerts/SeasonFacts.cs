using Nguon.Model;

namespace Nguon.Domain.Alerts;

/// <summary>A harvest as the rules see it: when it was harvested (in its own offset) and when it was recorded.</summary>
public sealed record HarvestFact(string Lot, string? Farm, decimal Kg, DateTimeOffset HarvestedAt, DateTimeOffset RecordedAt);

/// <summary>A treatment event: at which facility (its business location, else its read point), when, on how many kg.</summary>
public sealed record TreatmentFact(string Lot, int Sequence, string Facility, DateTimeOffset At, decimal Kg);

/// <summary>A shipment and the receiving that ended it (null while the lot is still on its way).</summary>
public sealed record ShipmentFact(string Lot, int Sequence, DateTimeOffset ShippedAt, string? Country, DateTimeOffset? ReceivedAt,
    int? ReceivedSequence);

/// <summary>A transformation: its output's product and mass, and the mass it took from its inputs.</summary>
public sealed record TransformationFact(string Lot, string Product, decimal OutputKg, decimal InputKg, IReadOnlyList<string> Inputs);

/// <summary>Scans of labels no lot answers to, under one GTIN on one day (no more than a count is kept).</summary>
public sealed record ScanMissFact(string Gtin, DateOnly Day, long Count);

/// <summary>Everything the alert rules read about one GI's season.</summary>
public sealed record SeasonFacts(
    string Gi, string Season, IReadOnlyList<FarmLine> Farms, IReadOnlyList<HarvestFact> Harvests, IReadOnlyList<TreatmentFact> Treatments,
    IReadOnlyList<ShipmentFact> Shipments, IReadOnlyList<TransformationFact> Transformations, IReadOnlyList<ScanMissFact> ScanMisses);

/// <summary>What one rule found about one subject; the store makes it an alert (or refreshes the one it already is).</summary>
public sealed record Finding(string Rule, string Subject, string Summary, AlertEvidence Evidence);
