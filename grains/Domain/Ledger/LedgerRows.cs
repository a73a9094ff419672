namespace Nguon.Domain.Ledger;

/// <summary>Where a lot's last shipment went, as the ledger counts it: abroad (its country), to a retailer at home (the
/// domestic market), or neither (still in the chain: a move to a packing house or a trader is not a sale).</summary>
public enum ShippedTo { Nowhere = 0, DomesticMarket = 1, Abroad = 2 }

/// <summary>One GI-claimed lot as the ledger reads it from the read model.</summary>
/// <param name="Packed">It, not a parent, has a packing event; <paramref name="Fumigated"/> likewise.</param>
public sealed record LedgerLot(
    string Code, string OriginKind, string? Farm, string? Season, decimal Quantity, string Unit, decimal Remaining, string Status,
    DateTimeOffset CreatedAt, bool Packed, bool Fumigated, ShippedTo ShippedTo, string? Country, string Product);

/// <summary>A lineage edge between two loaded lots: <see cref="Child"/> took <see cref="Quantity"/> of <see cref="Parent"/>.</summary>
public sealed record LedgerEdge(string Child, string Parent, decimal Quantity, string Unit);

/// <summary>A farm authorised for the GI in the season, or one that harvested for it (<paramref name="Authorised"/> false: its
/// authorisation ended since).</summary>
public sealed record LedgerFarm(string Code, string Name, string Owner, string Commune, decimal AreaHa, bool Authorised = true);

/// <summary>What the ledger is computed from.</summary>
public sealed record LedgerInput(
    string Gi, string Season, decimal MaxYieldKgPerHa, IReadOnlyList<LedgerFarm> Farms, IReadOnlyList<LedgerLot> Lots,
    IReadOnlyList<LedgerEdge> Edges);
