namespace Nguon.Model;

public enum Verdict { Verified = 0, NotVerified = 1, Recalled = 2 }

/// <summary>Backward trace: a batch's ancestors with their events, origin farms and GI certificates.
/// RootHash is the Merkle-DAG hash over every batch's head hash and its parents' node hashes. <see cref="Farms"/> and
/// <see cref="Certificates"/> are the records as their logs (<see cref="FarmLogs"/>, <see cref="CertificateLogs"/>)
/// make them; verification recomputes them from the logs.</summary>
[GenerateSerializer, Immutable, Alias("nguon.ProvenanceGraph")]
public sealed record ProvenanceGraph(
    [property: Id(0)] string Root,
    [property: Id(1)] string RootHash,
    [property: Id(2)] IReadOnlyList<BatchNode> Batches,
    [property: Id(3)] IReadOnlyList<Farm> Farms,
    [property: Id(4)] IReadOnlyList<Certificate> Certificates,
    [property: Id(5)] IReadOnlyList<string> Missing,
    [property: Id(6)] IReadOnlyList<FarmLog> FarmLogs,
    [property: Id(7)] IReadOnlyList<CertificateLog> CertificateLogs);

[GenerateSerializer, Alias("nguon.DescendantNode")]
public sealed record DescendantNode(
    [property: Id(0)] string Code,
    [property: Id(1)] int Depth,
    [property: Id(2)] IReadOnlyList<string> Parents,
    [property: Id(3)] Quantity Quantity,
    [property: Id(4)] BatchStatus Status,
    [property: Id(5)] string Custodian,
    [property: Id(6)] string? GiClaim);

/// <summary>Forward trace: every batch downstream of a batch or of a farm's season (the recall scope).</summary>
[GenerateSerializer, Immutable, Alias("nguon.DescendantGraph")]
public sealed record DescendantGraph(
    [property: Id(0)] IReadOnlyList<string> Starts,
    [property: Id(1)] IReadOnlyList<DescendantNode> Batches);

/// <summary>The GI verdict of a batch with its reasons; <see cref="Market"/> holds the destination market's import
/// rules when the batch is bound for a market with a rule set (see Domain/Markets).</summary>
[GenerateSerializer, Immutable, Alias("nguon.Verification")]
public sealed record Verification(
    [property: Id(0)] string Batch,
    [property: Id(1)] Verdict Verdict,
    [property: Id(2)] string? GiClaim,
    [property: Id(3)] IReadOnlyList<Violation> Reasons,
    [property: Id(4)] string RootHash,
    [property: Id(5)] int BatchesChecked,
    [property: Id(6)] DateTimeOffset CheckedAt,
    [property: Id(7)] MarketCheck? Market = null);

/// <summary>A backward trace and the verdict over it (no market check), as the inspectors' chain view draws it.</summary>
[GenerateSerializer, Immutable, Alias("nguon.CheckedGraph")]
public sealed record CheckedGraph([property: Id(0)] ProvenanceGraph Graph, [property: Id(1)] Verification Verification);

[GenerateSerializer, Alias("nguon.PublicProducer")]
public sealed record PublicProducer(
    [property: Id(0)] string Name, [property: Id(1)] string Commune, [property: Id(2)] string District, [property: Id(3)] string Province);

[GenerateSerializer, Alias("nguon.PublicReason")]
public sealed record PublicReason([property: Id(0)] string Rule, [property: Id(1)] string Message);

/// <summary>What a buyer sees when verifying a label: product, GI, producers and communes, harvest dates, the
/// verdict and its reasons — never another party's quantities or documents.</summary>
[GenerateSerializer, Immutable, Alias("nguon.PublicVerification")]
public sealed record PublicVerification(
    [property: Id(0)] string Batch,
    [property: Id(1)] string? Gtin,
    [property: Id(2)] string? Lot,
    [property: Id(3)] string Product,
    [property: Id(4)] string? GiNumber,
    [property: Id(5)] LocalizedText? GiName,
    [property: Id(6)] IReadOnlyList<PublicProducer> Producers,
    [property: Id(7)] IReadOnlyList<DateOnly> HarvestDates,
    [property: Id(8)] Verdict Verdict,
    [property: Id(9)] IReadOnlyList<PublicReason> Reasons,
    [property: Id(10)] string RootHash,
    [property: Id(11)] DateTimeOffset CheckedAt,
    [property: Id(12)] IReadOnlyList<PublicJourneyStep>? Journey = null,
    [property: Id(13)] IReadOnlyList<PublicOriginFarm>? OriginFarms = null,
    [property: Id(14)] string? GiAreaGeoJson = null,
    [property: Id(15)] IReadOnlyList<ForeignRegistration>? GiRegistrations = null);

/// <summary>One step of a lot's journey as a buyer sees it: what happened (harvest, packing, fumigation, inspection,
/// shipment, receipt, labelled, recall), on which day, and where (communes or facility codes) — never who recorded
/// it, quantities or documents. Consecutive steps of one kind on one day are one step.</summary>
[GenerateSerializer, Alias("nguon.PublicJourneyStep")]
public sealed record PublicJourneyStep(
    [property: Id(0)] string Step,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] IReadOnlyList<string> Places);

/// <summary>An origin farm for the label page's map: its name, commune, location (GeoJSON point or polygon) and
/// whether it lies inside the claimed GI's protected area.</summary>
[GenerateSerializer, Alias("nguon.PublicOriginFarm")]
public sealed record PublicOriginFarm(
    [property: Id(0)] string Name,
    [property: Id(1)] string Commune,
    [property: Id(2)] string LocationGeoJson,
    [property: Id(3)] bool InsideGiArea);

/// <summary>What a public verdict depended on when it was judged, as the records say it cheaply: the lot's event count
/// and the version of the certificate of the GI it was judged against. A scan compares it with the live values.</summary>
[GenerateSerializer, Immutable, Alias("nguon.VerdictStamp")]
public sealed record VerdictStamp([property: Id(0)] int EventCount, [property: Id(1)] CertificateVersion? Certificate);

/// <summary>A certificate's version: its log's length and how often a farm's authorisation under it changed, in one
/// activation (a new activation is a new version, so counters lost with an activation never collide).</summary>
[GenerateSerializer, Immutable, Alias("nguon.CertificateVersion")]
public sealed record CertificateVersion(
    [property: Id(0)] Guid Activation, [property: Id(1)] int Entries, [property: Id(2)] long AuthorisationChanges);

/// <summary>A public verification as a scan answers it: the verdict judged over the whole chain once, what it
/// depended on, and a fingerprint of its content (without the moment it was checked) for revalidation.</summary>
[GenerateSerializer, Immutable, Alias("nguon.PublicVerdict")]
public sealed record PublicVerdict(
    [property: Id(0)] PublicVerification Verification, [property: Id(1)] VerdictStamp Stamp, [property: Id(2)] string Fingerprint);
