using Nguon.Model;

namespace Nguon.Client.Dossiers;

/// <summary>The signed statement in a dossier (the JWS payload, JSON): a lot's whole backward chain, its
/// verification with the destination market's rules, and the hashes of every document attached along it.</summary>
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
    IReadOnlyList<DossierDocument> Documents)
{
    public const string FormatName = "nguon-dossier/1";
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
