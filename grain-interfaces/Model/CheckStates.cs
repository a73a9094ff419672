namespace Nguon.Model;

/// <summary>What a batch's own decisions read, for deciding commands in memory before applying any (an EPCIS document
/// checked whole): its header, its creation's event time and operation, what it has left after takes promised to merges
/// in progress, and the events already recorded under the event or operation ids asked for, by id (a retried command).</summary>
[GenerateSerializer, Immutable, Alias("nguon.BatchCheckState")]
public sealed record BatchCheckState(
    [property: Id(0)] Batch Batch,
    [property: Id(1)] DateTimeOffset CreatedEventTime,
    [property: Id(2)] string? CreationOperationId,
    [property: Id(3)] decimal Available,
    [property: Id(4)] IReadOnlyDictionary<string, BatchEvent> Recorded);
