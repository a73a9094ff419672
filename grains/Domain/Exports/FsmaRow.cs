namespace Nguon.Domain.Exports;

/// <summary>The critical tracking events of 21 CFR 1 Subpart S that Nguon's records can show (first land-based receiving,
/// of food from fishing vessels, cannot occur).</summary>
public enum Cte { Harvesting = 0, Cooling = 1, InitialPacking = 2, Transformation = 3, Shipping = 4, Receiving = 5 }

/// <summary>A place as a location description gives it (§1.1310): an identifier (a farm's growing-area code, a facility
/// code, an organisation id) and the description (business name, address or coordinates).</summary>
public sealed record FsmaPlace(string Id, string Description);

/// <summary>One row of the FSMA 204 sortable spreadsheet: one critical tracking event of one traceability lot (for initial
/// packing and transformation, one row per input lot). Which fields each event fills: <see cref="FsmaColumns"/>.</summary>
public sealed record FsmaRow
{
    public required Cte Event { get; init; }
    public required DateTimeOffset Time { get; init; }
    public DateOnly Date => DateOnly.FromDateTime(Time.DateTime);
    public required string Tlc { get; init; }
    public string? Gtin { get; init; }
    public string? Lot { get; init; }
    public required string ProductDescription { get; init; }
    public required string Commodity { get; init; }
    public string? Variety { get; init; }
    public required decimal Quantity { get; init; }
    public required string Unit { get; init; }
    public required FsmaPlace Location { get; init; }
    public FsmaPlace? Farm { get; init; }
    public string? GrowingAreaName { get; init; }
    public string? Harvester { get; init; }
    public DateOnly? HarvestDate { get; init; }
    public FsmaPlace? CooledAt { get; init; }
    public DateOnly? CoolingDate { get; init; }
    public DateOnly? ReceivedDate { get; init; }
    public string? InputTlc { get; init; }
    public string? InputProductDescription { get; init; }
    public decimal? InputQuantityReceived { get; init; }
    public decimal? InputQuantityUsed { get; init; }
    public string? InputUnit { get; init; }
    public FsmaPlace? PreviousSource { get; init; }
    public FsmaPlace? SubsequentRecipient { get; init; }
    public FsmaPlace? TlcSource { get; init; }
    public required string ReferenceDocumentType { get; init; }
    public required string ReferenceDocumentNumber { get; init; }
    public required string Batch { get; init; }
    public required string NguonEvent { get; init; }
    /// <summary>Key data elements this event requires that Nguon does not record (never filled with invented data).</summary>
    public required IReadOnlyList<string> NotRecorded { get; init; }
}
