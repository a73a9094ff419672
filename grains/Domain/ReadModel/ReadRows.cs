using System.Text.Json;
using Nguon.Model;

namespace Nguon.Domain.ReadModel;

/// <summary>A batch as the read model keeps it (table rm_batches, its former holders in rm_batch_holders). Rows are plain
/// records so a rebuild can compare what is stored with what a grain says by value.</summary>
public sealed record BatchRow(
    string Code, string? Gtin, string? Lot, string Product, string? Variety, decimal Quantity, string Unit, decimal Remaining,
    string? GiClaim, string OriginKind, string? Farm, string? Season, string Custodian, string? FirstCustodian,
    string? Destination, string Status, DateTimeOffset CreatedAt, DateTimeOffset LastEventAt, int EventCount, string HeadHash,
    IReadOnlyList<string> FormerHolders);

/// <summary>One event of a batch (table rm_events); inputs, outputs, sensors and documents as JSON arrays.</summary>
public sealed record EventRow(
    string Batch, int Sequence, string EventId, string EventType, string BizStep, string? Disposition, DateTimeOffset EventTime,
    int EventOffsetMinutes, DateTimeOffset RecordTime, string? ReadPoint, string? BizLocation, string Actor, decimal? Quantity,
    string? Unit, string? Destination, string Inputs, string Outputs, string Sensors, string Documents, string? Reason, string Hash);

/// <summary>A lineage edge: <see cref="Child"/> took <see cref="Quantity"/> from <see cref="Parent"/>.</summary>
public sealed record LineageRow(string Child, string Parent, decimal Quantity, string Unit);

/// <summary>A farm's authorisation (table rm_authorisations): its validity as the authority gave it, in its own offset
/// (stored as UTC with the offset beside it), so a list shows the days the decision names.</summary>
public sealed record AuthorisationRow(
    string Farm, string Gi, string Status, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo, string Reference);

public sealed record FarmRow(
    string Code, string Name, string Owner, string Commune, string District, string Province, decimal AreaHa,
    DateTimeOffset RegisteredAt, IReadOnlyList<AuthorisationRow> Authorisations);

public sealed record CertificateRow(
    string Number, string NameVi, string NameEn, string Product, string Holder, string Status, DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo, DateTimeOffset RegisteredAt);

public sealed record OrganisationRow(
    string Id, string Name, string Roles, string? Commune, string? Country, string? CodeSpace, DateTimeOffset RegisteredAt);

/// <summary>How grain records become read-model rows: pure, so the mapping is tested without a database or a cluster.</summary>
public static class ReadRows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The wire name of an enum value, as the API writes it (camelCase: "inTransit").</summary>
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>A time as both stores keep it: UTC, to the microsecond (PostgreSQL's precision), so a row read back equals
    /// the row written.</summary>
    public static DateTimeOffset Utc(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero);

    public static DateTimeOffset? Utc(DateTimeOffset? t) => t is { } at ? Utc(at) : null;

    /// <summary>A time to the microsecond in its own offset (kept beside the UTC time it is stored as).</summary>
    public static DateTimeOffset Micro(DateTimeOffset t) => new(t.Ticks - (t.Ticks % 10), t.Offset);

    public static DateTimeOffset? Micro(DateTimeOffset? t) => t is { } at ? Micro(at) : null;

    /// <summary>An offset in whole minutes, as stored beside a UTC time.</summary>
    public static int OffsetMinutes(DateTimeOffset t) => (int)t.Offset.TotalMinutes;

    /// <summary>A stored UTC time back in the offset stored beside it.</summary>
    public static DateTimeOffset InOffset(DateTimeOffset utc, int offsetMinutes) => utc.ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    public static BatchRow Batch(Batch b, DateTimeOffset createdEventTime, DateTimeOffset lastEventTime) => new(
        b.Code, b.Gtin, b.Lot, b.Product, b.Variety, b.Quantity.Amount, b.Quantity.Unit, b.Remaining, b.GiClaim,
        Name(b.Origin.Kind), b.Origin.Farm, b.Origin.Season, b.Custodian, b.FirstCustodian, b.Destination, Name(b.Status),
        Micro(createdEventTime), Micro(lastEventTime), b.EventCount, b.HeadHash, Holders(b));

    /// <summary>Organisations that held the lot before its custodian, as the read permission counts them
    /// (<see cref="Permissions.MayReadBatch"/>: its former custodians).</summary>
    public static IReadOnlyList<string> Holders(Batch b) =>
        [.. (b.FormerCustodians ?? []).Where(h => h != b.Custodian).Distinct(StringComparer.Ordinal)];

    public static EventRow Event(string batch, BatchEvent e) => new(
        batch, e.Sequence, e.EventId, e.EventType, e.BizStep, e.Disposition, Utc(e.EventTime),
        (int)e.EventTime.Offset.TotalMinutes, Utc(e.RecordTime), e.ReadPoint, e.BizLocation, e.Actor,
        e.Quantity?.Amount, e.Quantity?.Unit, e.Destination, Serialize(e.Inputs), Serialize(e.Outputs), Serialize(e.Sensors),
        Serialize(e.Documents), e.Reason, e.Hash);

    public static IReadOnlyList<LineageRow> Lineage(Batch b) =>
        [.. b.Origin.Parents.Select(p => new LineageRow(b.Code, p.Batch, p.Taken.Amount, p.Taken.Unit))];

    public static FarmRow Farm(Farm f) => new(
        f.Code, f.Name, f.Owner, f.Address.Commune, f.Address.District, f.Address.Province, f.AreaHa, Utc(f.RegisteredAt),
        [.. f.Authorisations.Select(a => new AuthorisationRow(
            f.Code, a.GiNumber, Name(a.Status), Micro(a.ValidFrom), Micro(a.ValidTo), a.DecisionReference))]);

    public static CertificateRow Certificate(Certificate c) => new(
        c.Number, c.Name.Vi, c.Name.En, c.Product, c.Holder, Name(c.Status), Utc(c.ValidFrom),
        Utc(c.ValidTo), Utc(c.RegisteredAt));

    public static OrganisationRow Organisation(Organisation o) => new(
        o.Id, o.Name, string.Join(',', o.Roles.Select(Name).Order(StringComparer.Ordinal)), o.Commune, o.Country, o.CodeSpace,
        Utc(o.RegisteredAt));

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    /// <summary>SHA-256 of a value's JSON: equal rows, equal digests (list fields compare by their items, in order).</summary>
    public static string Digest<T>(T row) => HashChain.Sha256(JsonSerializer.SerializeToUtf8Bytes(row, Json));
}
