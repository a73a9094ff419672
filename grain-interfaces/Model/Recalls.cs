namespace Nguon.Model;

/// <summary>A recall of one lot (or, through a farm, of every harvest of a season), by an inspector or the GI
/// authority. Any lot may be recalled, consumed or not; every descendant's verdict then says recalled.</summary>
/// <param name="Reason">Why, kept in the recall event (its read point), so it is part of the hashed chain.</param>
/// <param name="EventTime">When the recall was decided; now when not given.</param>
/// <param name="EventId">The recall event's id (unique per lot); by default the request's operation id.</param>
[GenerateSerializer, Alias("nguon.RecallBatch")]
public sealed record RecallBatch(
    [property: Id(0)] string Reason,
    [property: Id(1)] DateTimeOffset? EventTime = null,
    [property: Id(2)] string? EventId = null);

/// <summary>What a farm-season recall did: the harvests it recalled now and those recalled before.</summary>
[GenerateSerializer, Alias("nguon.SeasonRecall")]
public sealed record SeasonRecall(
    [property: Id(0)] string Farm,
    [property: Id(1)] string Season,
    [property: Id(2)] string Reason,
    [property: Id(3)] IReadOnlyList<string> Recalled,
    [property: Id(4)] IReadOnlyList<string> AlreadyRecalled);
