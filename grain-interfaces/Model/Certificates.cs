namespace Nguon.Model;

public enum CertificateStatus { Active = 0, Suspended = 1, Revoked = 2 }

[GenerateSerializer, Alias("nguon.LocalizedText")]
public sealed record LocalizedText([property: Id(0)] string Vi, [property: Id(1)] string En, [property: Id(2)] string? Ja = null);

/// <summary>A registration of the same GI abroad, e.g. Japan's MAFF registration of Lục Ngạn lychee.</summary>
[GenerateSerializer, Alias("nguon.ForeignRegistration")]
public sealed record ForeignRegistration(
    [property: Id(0)] string Country,
    [property: Id(1)] string Number,
    [property: Id(2)] DateOnly? RegisteredOn = null);

/// <summary>The product specification as data: what the rules check.</summary>
[GenerateSerializer, Alias("nguon.Specification")]
public sealed record Specification(
    [property: Id(0)] decimal MaxYieldKgPerHaPerSeason,
    [property: Id(1)] IReadOnlyList<string>? QualityCriteria = null);

[GenerateSerializer, Alias("nguon.StatusChange")]
public sealed record StatusChange(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] CertificateStatus Status,
    [property: Id(2)] string Reason,
    [property: Id(3)] string Actor);

[GenerateSerializer, Alias("nguon.RegisterCertificate")]
public sealed record RegisterCertificate(
    [property: Id(0)] LocalizedText Name,
    [property: Id(1)] string Product,
    [property: Id(2)] IReadOnlyList<string> Varieties,
    [property: Id(3)] string Holder,
    [property: Id(4)] string ProtectedAreaGeoJson,
    [property: Id(5)] DateTimeOffset ValidFrom,
    [property: Id(7)] Specification Specification,
    [property: Id(6)] DateTimeOffset? ValidTo = null,
    [property: Id(8)] IReadOnlyList<ForeignRegistration>? ForeignRegistrations = null);

[GenerateSerializer, Alias("nguon.ChangeStatus")]
public sealed record ChangeStatus(
    [property: Id(0)] CertificateStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] DateTimeOffset? EffectiveAt = null);

[GenerateSerializer, Immutable, Alias("nguon.Certificate")]
public sealed record Certificate(
    [property: Id(0)] string Number,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] string Product,
    [property: Id(3)] IReadOnlyList<string> Varieties,
    [property: Id(4)] string Holder,
    [property: Id(5)] string ProtectedAreaGeoJson,
    [property: Id(6)] DateTimeOffset ValidFrom,
    [property: Id(7)] DateTimeOffset? ValidTo,
    [property: Id(8)] Specification Specification,
    [property: Id(9)] IReadOnlyList<ForeignRegistration> ForeignRegistrations,
    [property: Id(10)] CertificateStatus Status,
    [property: Id(11)] IReadOnlyList<StatusChange> StatusHistory,
    [property: Id(12)] DateTimeOffset RegisteredAt);

public enum CertificateEntryKind { Registered = 0, StatusChanged = 1 }

/// <summary>One entry of a certificate's hash-chained log: its registration (always the first entry) or a status
/// change. Hash = SHA-256 over the canonical form ("nguon-certificate/1", the number included) with PreviousHash, so
/// the certificate's status and history (derived from the log: Domain/Certificates/CertificateChain) commit to it.</summary>
[GenerateSerializer, Immutable, Alias("nguon.CertificateEntry")]
public sealed record CertificateEntry(
    [property: Id(0)] int Sequence,
    [property: Id(1)] CertificateEntryKind Kind,
    [property: Id(2)] DateTimeOffset RecordedAt,
    [property: Id(3)] string Actor,
    [property: Id(4)] RegisterCertificate? Registration,
    [property: Id(5)] StatusChange? StatusChange,
    [property: Id(6)] string PreviousHash,
    [property: Id(7)] string Hash);

/// <summary>A certificate's log as a trace carries it, with the silo's signature of its head.</summary>
[GenerateSerializer, Immutable, Alias("nguon.CertificateLog")]
public sealed record CertificateLog(
    [property: Id(0)] string Number,
    [property: Id(1)] IReadOnlyList<CertificateEntry> Entries,
    [property: Id(2)] HeadSignature? Signature);
