namespace Nguon.Model;

[GenerateSerializer, Alias("nguon.AdminArea")]
public sealed record AdminArea([property: Id(0)] string Commune, [property: Id(1)] string District, [property: Id(2)] string Province);

[GenerateSerializer, Alias("nguon.RegisterFarm")]
public sealed record RegisterFarm(
    [property: Id(0)] string Name,
    [property: Id(1)] string Owner,
    [property: Id(2)] AdminArea Address,
    [property: Id(3)] string LocationGeoJson,
    [property: Id(4)] decimal AreaHa,
    [property: Id(5)] IReadOnlyList<string> Crops);

/// <summary>The authority's decision that a farm may use a GI name.</summary>
[GenerateSerializer, Alias("nguon.AuthoriseFarm")]
public sealed record AuthoriseFarm(
    [property: Id(0)] string GiNumber,
    [property: Id(1)] DateTimeOffset ValidFrom,
    [property: Id(3)] string DecisionReference,
    [property: Id(2)] DateTimeOffset? ValidTo = null);

[GenerateSerializer, Alias("nguon.GiAuthorisation")]
public sealed record GiAuthorisation(
    [property: Id(0)] string GiNumber,
    [property: Id(1)] DateTimeOffset ValidFrom,
    [property: Id(2)] DateTimeOffset? ValidTo,
    [property: Id(3)] string DecisionReference,
    [property: Id(4)] CertificateStatus Status,
    [property: Id(5)] IReadOnlyList<StatusChange> StatusHistory);

[GenerateSerializer, Alias("nguon.SeasonTotal")]
public sealed record SeasonTotal(
    [property: Id(0)] string Season,
    [property: Id(1)] decimal HarvestedKg,
    [property: Id(2)] int HarvestCount);

[GenerateSerializer, Immutable, Alias("nguon.Farm")]
public sealed record Farm(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string Owner,
    [property: Id(3)] AdminArea Address,
    [property: Id(4)] string LocationGeoJson,
    [property: Id(5)] decimal AreaHa,
    [property: Id(6)] IReadOnlyList<string> Crops,
    [property: Id(7)] IReadOnlyList<GiAuthorisation> Authorisations,
    [property: Id(8)] IReadOnlyList<SeasonTotal> Seasons,
    [property: Id(9)] DateTimeOffset RegisteredAt);

public enum FarmEntryKind { Registered = 0, Authorised = 1, AuthorisationChanged = 2 }

/// <summary>One entry of a farm's hash-chained log: its registration (always the first entry), a GI authorisation,
/// or a change of status of its authorisations for one GI. Hash = SHA-256 over the canonical form ("nguon-farm/1",
/// the farm's code included) with PreviousHash; the farm's profile and authorisations are derived from the log
/// (Domain/Farms/FarmChain). Season totals are not in it: they are the season ledgers', and no verdict reads them.</summary>
[GenerateSerializer, Immutable, Alias("nguon.FarmEntry")]
public sealed record FarmEntry(
    [property: Id(0)] int Sequence,
    [property: Id(1)] FarmEntryKind Kind,
    [property: Id(2)] DateTimeOffset RecordedAt,
    [property: Id(3)] string Actor,
    [property: Id(4)] RegisterFarm? Registration,
    [property: Id(5)] AuthoriseFarm? Authorisation,
    [property: Id(6)] string? GiNumber,
    [property: Id(7)] StatusChange? StatusChange,
    [property: Id(8)] string PreviousHash,
    [property: Id(9)] string Hash);

/// <summary>A farm's log as a trace carries it, with the silo's signature of its head.</summary>
[GenerateSerializer, Immutable, Alias("nguon.FarmLog")]
public sealed record FarmLog(
    [property: Id(0)] string Code,
    [property: Id(1)] IReadOnlyList<FarmEntry> Entries,
    [property: Id(2)] HeadSignature? Signature);

/// <summary>A harvest creates a batch (EPCIS commissioning with lot data).</summary>
[GenerateSerializer, Alias("nguon.RecordHarvest")]
public sealed record RecordHarvest(
    [property: Id(0)] string BatchCode,
    [property: Id(1)] string Product,
    [property: Id(2)] Quantity Quantity,
    [property: Id(3)] DateTimeOffset HarvestedAt,
    [property: Id(4)] string? GiClaim = null,
    [property: Id(5)] string? Gtin = null,
    [property: Id(6)] string? Lot = null,
    [property: Id(7)] string? Variety = null);

/// <summary>One farm's harvests in one season: the ledger the yield rule checks against.</summary>
[GenerateSerializer, Alias("nguon.FarmSeason")]
public sealed record FarmSeason(
    [property: Id(0)] string Farm,
    [property: Id(1)] string Season,
    [property: Id(2)] decimal HarvestedKg,
    [property: Id(3)] IReadOnlyList<string> Batches);
