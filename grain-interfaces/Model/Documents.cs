namespace Nguon.Model;

/// <summary>What a document is attached to. Events reference documents of their batch by hash
/// (<see cref="DocumentRef"/>), so an event's documents are uploaded to its batch.</summary>
public enum DocumentSubjectKind { Batch = 0, Farm = 1, Certificate = 2 }

/// <summary>A stored document as the grains know it: only the reference (the bytes live in the document store,
/// content-addressed by <see cref="Sha256"/>, written once).</summary>
[GenerateSerializer, Immutable, Alias("nguon.DocumentInfo")]
public sealed record DocumentInfo(
    [property: Id(0)] string Sha256,
    [property: Id(1)] long Size,
    [property: Id(2)] string MediaType,
    [property: Id(3)] string Name,
    [property: Id(4)] string? Type,
    [property: Id(5)] string Uploader,
    [property: Id(6)] DateTimeOffset UploadedAt);

/// <summary>The documents attached to one subject (batch, farm or certificate).</summary>
[GenerateSerializer, Immutable, Alias("nguon.SubjectDocuments")]
public sealed record SubjectDocuments(
    [property: Id(0)] DocumentSubjectKind Kind,
    [property: Id(1)] string Id,
    [property: Id(2)] IReadOnlyList<DocumentInfo> Documents);

/// <summary>One rule of a destination market's import rule set, judged for a lot.</summary>
[GenerateSerializer, Immutable, Alias("nguon.MarketRuleResult")]
public sealed record MarketRuleResult(
    [property: Id(0)] string Rule,
    [property: Id(1)] bool Passed,
    [property: Id(2)] string Message);

/// <summary>A lot judged against a destination market's import rules (e.g. Japan's protocol for Vietnamese
/// lychee). Separate from the GI verdict: a genuine GI lot can still lack its phytosanitary certificate.</summary>
[GenerateSerializer, Immutable, Alias("nguon.MarketCheck")]
public sealed record MarketCheck(
    [property: Id(0)] string Market,
    [property: Id(1)] string RuleSet,
    [property: Id(2)] bool Passed,
    [property: Id(3)] IReadOnlyList<MarketRuleResult> Rules);

/// <summary>Everything a signed dossier states about a lot: its backward chain, the verification (with the
/// destination market's rules) and the documents attached along the chain.</summary>
[GenerateSerializer, Immutable, Alias("nguon.DossierContent")]
public sealed record DossierContent(
    [property: Id(0)] ProvenanceGraph Graph,
    [property: Id(1)] Verification Verification,
    [property: Id(2)] IReadOnlyList<SubjectDocuments> Documents);
