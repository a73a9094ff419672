namespace Nguon.Domain.Epcis;

/// <summary>What a query orders by: capture order (no orderBy given), eventTime or recordTime; seq breaks ties.</summary>
public enum EpcisOrderBy { Capture, EventTime, RecordTime }

/// <summary>One MATCH_ parameter: an event matches when one of its EPCs (or EPC classes) in <see cref="Roles"/> is one of
/// <see cref="Values"/> or lies under one of <see cref="Patterns"/> (a canonical Digital Link: itself or anything below
/// it after a '/'), all in the index's canonical form.</summary>
public sealed record EpcCondition(IReadOnlyList<string> Roles, IReadOnlyList<string> Values, IReadOnlyList<string> Patterns);

/// <summary>One of EQ_/GT_/GE_/LT_/LE_quantity: an SQL comparison operator and its number.</summary>
public sealed record QuantityBound(string Operator, decimal Value);

/// <summary>Where a page ends: the order column's value (null in capture order), the last row's seq, and how many events
/// the pages so far gave (eventCountLimit counts across pages).</summary>
public sealed record EpcisPagePosition(DateTimeOffset? Time, long Seq, int Delivered);

/// <summary>A SimpleEventQuery as the REST binding's query string gives it, every value in the index's canonical form
/// (<see cref="EpcisIndex"/>) so it compares with the stored columns as they are. Conditions of different parameters
/// combine with AND, the values of one parameter with OR.</summary>
public sealed record EpcisQuery
{
    public IReadOnlyList<string> EventTypes { get; init; } = [];
    public DateTimeOffset? GeEventTime { get; init; }
    public DateTimeOffset? LtEventTime { get; init; }
    public DateTimeOffset? GeRecordTime { get; init; }
    public DateTimeOffset? LtRecordTime { get; init; }
    public IReadOnlyList<string> Actions { get; init; } = [];
    public IReadOnlyList<string> BizSteps { get; init; } = [];
    public IReadOnlyList<string> Dispositions { get; init; } = [];

    /// <summary>EQ_readPoint and WD_readPoint together: without master data there are no descendants, so WD_ is EQ_.</summary>
    public IReadOnlyList<string> ReadPoints { get; init; } = [];

    public IReadOnlyList<string> BizLocations { get; init; } = [];
    public IReadOnlyList<string> EventIds { get; init; } = [];
    public IReadOnlyList<EpcCondition> Epcs { get; init; } = [];
    public IReadOnlyList<QuantityBound> Quantities { get; init; } = [];
    public bool ErrorDeclared { get; init; }
    public IReadOnlyList<string> SensorTypes { get; init; } = [];
    public IReadOnlyList<string> DeviceIds { get; init; } = [];
    public IReadOnlyList<string> ChemicalSubstances { get; init; } = [];
    public IReadOnlyList<string> Microorganisms { get; init; } = [];
    public EpcisOrderBy OrderBy { get; init; }
    public bool Descending { get; init; }
    public int? EventCountLimit { get; init; }
    public int? MaxEventCount { get; init; }
    public int PerPage { get; init; } = EpcisQueryParameters.DefaultPerPage;
    public EpcisPagePosition? After { get; init; }

    /// <summary>A digest of every parameter but the page's own (perPage, nextPageToken): a page token names the query it
    /// continues, so it cannot be replayed on another.</summary>
    public ulong Fingerprint { get; init; }
}
