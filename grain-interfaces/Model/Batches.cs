namespace Nguon.Model;

public enum BatchStatus { Active = 0, InTransit = 1, Consumed = 2, Recalled = 3 }

public enum OriginKind { Harvest = 0, Split = 1, Merge = 2, Transformation = 3 }

/// <summary>A sensor report attached to an event (EPCIS sensorElement), e.g. fumigant dose in g/m3.</summary>
[GenerateSerializer, Alias("nguon.SensorReading")]
public sealed record SensorReading([property: Id(0)] string Type, [property: Id(1)] decimal Value, [property: Id(2)] string Unit);

/// <summary>A document referenced by its SHA-256 (the bytes live elsewhere).</summary>
[GenerateSerializer, Alias("nguon.DocumentRef")]
public sealed record DocumentRef(
    [property: Id(0)] string Sha256, [property: Id(1)] string? Type = null, [property: Id(2)] string? Name = null);

[GenerateSerializer, Alias("nguon.QuantityLink")]
public sealed record QuantityLink([property: Id(0)] string Batch, [property: Id(1)] Quantity Quantity);

/// <summary>Where a derived batch came from: the parent, what was taken, and the parent's event (and its hash)
/// that recorded the taking, so a rewritten parent history no longer matches its children.</summary>
[GenerateSerializer, Alias("nguon.ParentLink")]
public sealed record ParentLink(
    [property: Id(0)] string Batch,
    [property: Id(1)] Quantity Taken,
    [property: Id(2)] int ParentEventSequence,
    [property: Id(3)] string ParentEventHash,
    [property: Id(4)] string? GiClaim);

[GenerateSerializer, Alias("nguon.BatchOrigin")]
public sealed record BatchOrigin(
    [property: Id(0)] OriginKind Kind,
    [property: Id(1)] string? Farm,
    [property: Id(2)] string? Season,
    [property: Id(3)] IReadOnlyList<ParentLink> Parents,
    [property: Id(4)] decimal? YieldFactor);

/// <summary>One EPCIS 2.0-shaped event: what (type, quantity, inputs/outputs), when (event time with its offset,
/// record time), where (read point, business location), why (business step, disposition), how (sensors,
/// documents), who (actor). Hash = SHA-256 over the canonical form including PreviousHash; the first event's
/// PreviousHash is the hash of the batch's creation record. <see cref="Reason"/>: why (a recall's reason).</summary>
[GenerateSerializer, Immutable, Alias("nguon.BatchEvent")]
public sealed record BatchEvent(
    [property: Id(0)] int Sequence,
    [property: Id(1)] string EventId,
    [property: Id(2)] string EventType,
    [property: Id(3)] string BizStep,
    [property: Id(4)] string? Disposition,
    [property: Id(5)] DateTimeOffset EventTime,
    [property: Id(6)] DateTimeOffset RecordTime,
    [property: Id(7)] string? ReadPoint,
    [property: Id(8)] string? BizLocation,
    [property: Id(9)] string Actor,
    [property: Id(10)] Quantity? Quantity,
    [property: Id(11)] IReadOnlyList<QuantityLink> Inputs,
    [property: Id(12)] IReadOnlyList<QuantityLink> Outputs,
    [property: Id(13)] IReadOnlyList<SensorReading> Sensors,
    [property: Id(14)] IReadOnlyList<DocumentRef> Documents,
    [property: Id(15)] string? Destination,
    [property: Id(16)] string PreviousHash,
    [property: Id(17)] string Hash,
    [property: Id(18)] string? Reason = null);

/// <summary>A batch's header. Its creation record (code, product, variety, quantity, GI claim, origin, GTIN, lot,
/// first custodian, creation time) is hashed into its first event; the rest (remaining, status, custodian, destination,
/// former custodians, children, event count, head) follows from its events (Domain/Batches/BatchRecord).</summary>
/// <param name="FormerCustodians">The organisations that held the batch before its current custodian, oldest first,
/// distinct, never the current custodian; bounded (Domain/Batches/Custody.MaxFormerCustodians). Null in a header stored
/// before the field existed: read as empty (the batch grain derives it from the events when it loads such a row).</param>
[GenerateSerializer, Immutable, Alias("nguon.Batch")]
public sealed record Batch(
    [property: Id(0)] string Code,
    [property: Id(1)] string? Gtin,
    [property: Id(2)] string? Lot,
    [property: Id(3)] string Product,
    [property: Id(4)] string? Variety,
    [property: Id(5)] Quantity Quantity,
    [property: Id(6)] decimal Remaining,
    [property: Id(7)] BatchStatus Status,
    [property: Id(8)] string? GiClaim,
    [property: Id(9)] string Custodian,
    [property: Id(10)] string? Destination,
    [property: Id(11)] BatchOrigin Origin,
    [property: Id(12)] IReadOnlyList<QuantityLink> Children,
    [property: Id(13)] int EventCount,
    [property: Id(14)] string HeadHash,
    [property: Id(15)] DateTimeOffset CreatedAt,
    [property: Id(16)] string? FirstCustodian = null,
    [property: Id(17)] IReadOnlyList<string>? FormerCustodians = null);

/// <summary>A batch with its whole event history and the silo's signature of its head, as a trace needs it.</summary>
[GenerateSerializer, Immutable, Alias("nguon.BatchNode")]
public sealed record BatchNode(
    [property: Id(0)] Batch Batch, [property: Id(1)] IReadOnlyList<BatchEvent> Events, [property: Id(2)] HeadSignature? Signature = null);

/// <summary>An event as a client records it; the server adds sequence, record time, actor and hashes.</summary>
[GenerateSerializer, Alias("nguon.RecordEvent")]
public sealed record RecordEvent(
    [property: Id(0)] string BizStep,
    [property: Id(1)] DateTimeOffset EventTime,
    [property: Id(2)] string? EventId = null,
    [property: Id(3)] string? Disposition = null,
    [property: Id(4)] string? ReadPoint = null,
    [property: Id(5)] string? BizLocation = null,
    [property: Id(6)] Quantity? Quantity = null,
    [property: Id(7)] IReadOnlyList<SensorReading>? Sensors = null,
    [property: Id(8)] IReadOnlyList<DocumentRef>? Documents = null,
    [property: Id(9)] string? Destination = null);

[GenerateSerializer, Alias("nguon.SplitPart")]
public sealed record SplitPart(
    [property: Id(0)] string BatchCode,
    [property: Id(1)] Quantity Quantity,
    [property: Id(2)] string? Gtin = null,
    [property: Id(3)] string? Lot = null);

[GenerateSerializer, Alias("nguon.SplitBatch")]
public sealed record SplitBatch(
    [property: Id(0)] DateTimeOffset EventTime,
    [property: Id(1)] IReadOnlyList<SplitPart> Parts,
    [property: Id(2)] string? ReadPoint = null);

/// <summary>Merge (output = sum of inputs) or transformation (output ≤ inputs × declared yield factor).</summary>
[GenerateSerializer, Alias("nguon.CombineBatches")]
public sealed record CombineBatches(
    [property: Id(0)] string BatchCode,
    [property: Id(2)] DateTimeOffset EventTime,
    [property: Id(3)] IReadOnlyList<QuantityLink> Inputs,
    [property: Id(4)] string? Product = null,
    [property: Id(5)] Quantity? Output = null,
    [property: Id(6)] decimal? YieldFactor = null,
    [property: Id(7)] string? GiClaim = null,
    [property: Id(8)] string? Gtin = null,
    [property: Id(9)] string? Lot = null,
    [property: Id(10)] string? ReadPoint = null,
    [property: Id(1)] OriginKind Kind = OriginKind.Merge);

/// <summary>Internal: how a farm creates its harvest batch, or a parent its split children.</summary>
[GenerateSerializer, Alias("nguon.BatchCreation")]
public sealed record BatchCreation(
    [property: Id(0)] string OperationId,
    [property: Id(1)] string Product,
    [property: Id(2)] string? Variety,
    [property: Id(3)] Quantity Quantity,
    [property: Id(4)] string? GiClaim,
    [property: Id(5)] string Custodian,
    [property: Id(6)] BatchOrigin Origin,
    [property: Id(7)] DateTimeOffset EventTime,
    [property: Id(8)] string? ReadPoint,
    [property: Id(9)] string? Gtin,
    [property: Id(10)] string? Lot,
    [property: Id(11)] string EventType,
    [property: Id(12)] string BizStep,
    [property: Id(13)] IReadOnlyList<QuantityLink> Inputs);

/// <summary>Internal: a batch with the operation id that created it.</summary>
[GenerateSerializer, Immutable, Alias("nguon.BatchCreated")]
public sealed record BatchCreated([property: Id(0)] Batch Batch, [property: Id(1)] string? OperationId);

/// <summary>What a printed label shows of a lot: public like the verification (GTIN, lot, product, the GI and its
/// name), never the batch's record.</summary>
[GenerateSerializer, Immutable, Alias("nguon.PublicLabel")]
public sealed record PublicLabel(
    [property: Id(0)] string Batch,
    [property: Id(1)] string Gtin,
    [property: Id(2)] string Lot,
    [property: Id(3)] string Product,
    [property: Id(4)] string? GiNumber,
    [property: Id(5)] LocalizedText? GiName);
