using Nguon.Model;

namespace Nguon.Client.Dossiers;

/// <summary>The signed statement in a dossier (the JWS payload, JSON): a lot's whole backward chain, its
/// verification with the destination market's rules, the hashes of every document attached along it, and the
/// transparency log's inclusion proof of every chain head in it (<see cref="Log"/>).</summary>
public sealed record DossierPayload(
    string Format,
    string Issuer,
    DateTimeOffset IssuedAt,
    string Batch,
    string RootHash,
    Verification Verification,
    IReadOnlyList<Certificate> Certificates,
    IReadOnlyList<Farm> Farms,
    IReadOnlyList<BatchNode> Batches,
    IReadOnlyList<FarmLog> FarmLogs,
    IReadOnlyList<CertificateLog> CertificateLogs,
    IReadOnlyList<DossierDocument> Documents,
    DossierLog? Log)
{
    /// <summary>Format 2 adds <see cref="Log"/>, which a verifier requires, and the farms' and certificates' logs (whose
    /// heads the log proves, as it proves every batch's).</summary>
    public const string FormatName = "nguon-dossier/2";
    /// <summary>The JWS "cty" header: what the payload is.</summary>
    public const string ContentType = "nguon-dossier+json";
    /// <summary>Media type of a dossier as a JWS compact serialization (RFC 7515 §9.2.1).</summary>
    public const string JoseMediaType = "application/jose";
}

/// <summary>A document attached to a subject of the chain: what it is and the SHA-256 of its bytes.</summary>
public sealed record DossierDocument(
    DocumentSubjectKind Subject,
    string SubjectId,
    string Sha256,
    long Size,
    string MediaType,
    string Name,
    string? Type,
    string Uploader,
    DateTimeOffset UploadedAt);

/// <summary>The chain heads of a dossier in the transparency log: a signed checkpoint, and each head's leaf and
/// inclusion proof against it. Whoever keeps checkpoints (`nguon log verify`) can tell that the log, and so these
/// heads, were not rewritten since, even by the holder of the signing key.</summary>
public sealed record DossierLog(LogCheckpoint Checkpoint, IReadOnlyList<LoggedHead> Heads);
