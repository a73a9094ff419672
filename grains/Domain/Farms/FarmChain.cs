using System.Text.Json;
using Nguon.Model;

namespace Nguon.Domain.Farms;

/// <summary>A farm's hash-chained log: its registration (name, owner, address, location, area, crops) first, then
/// every GI authorisation and every change of an authorisation's status. The farm and its authorisations are derived
/// from the log by one fold (<see cref="Fold"/>). Season totals are not in it: they live in the per-season ledgers and
/// no verdict reads them.</summary>
public static class FarmChain
{
    public const string Version = "nguon-farm/1";

    public static byte[] Canonical(string code, FarmEntry e) => CanonicalJson.Array(Version, w =>
    {
        w.WriteStringValue(code);
        w.WriteNumberValue(e.Sequence);
        w.WriteStringValue(e.Kind switch
        {
            FarmEntryKind.Registered => "registered",
            FarmEntryKind.Authorised => "authorised",
            FarmEntryKind.AuthorisationChanged => "authorisation-changed",
            var other => ((int)other).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        CanonicalJson.Time(w, e.RecordedAt);
        w.WriteStringValue(e.Actor);
        Registration(w, e.Registration);
        Authorisation(w, e.Authorisation);
        CanonicalJson.Nullable(w, e.GiNumber);
        CanonicalJson.StatusChange(w, e.StatusChange);
        w.WriteStringValue(e.PreviousHash);
    });

    // Null-safe throughout: a log is verified as stored, edited or not.
    private static void Registration(Utf8JsonWriter w, RegisterFarm? r)
    {
        if (r is null) { w.WriteNullValue(); return; }
        w.WriteStartArray();
        CanonicalJson.Nullable(w, r.Name);
        CanonicalJson.Nullable(w, r.Owner);
        CanonicalJson.Nullable(w, r.Address?.Commune);
        CanonicalJson.Nullable(w, r.Address?.District);
        CanonicalJson.Nullable(w, r.Address?.Province);
        CanonicalJson.Nullable(w, r.LocationGeoJson);
        CanonicalJson.Number(w, r.AreaHa);
        CanonicalJson.Strings(w, r.Crops);
        w.WriteEndArray();
    }

    private static void Authorisation(Utf8JsonWriter w, AuthoriseFarm? a)
    {
        if (a is null) { w.WriteNullValue(); return; }
        w.WriteStartArray();
        CanonicalJson.Nullable(w, a.GiNumber);
        CanonicalJson.Time(w, a.ValidFrom);
        CanonicalJson.Time(w, a.ValidTo);
        CanonicalJson.Nullable(w, a.DecisionReference);
        w.WriteEndArray();
    }

    public static string Hash(string code, FarmEntry e) => HashChain.Sha256(Canonical(code, e));

    /// <summary>The next entry of <paramref name="log"/>, numbered, linked to its head and sealed.</summary>
    public static FarmEntry Next(IReadOnlyList<FarmEntry> log, string code, FarmEntryKind kind, DateTimeOffset now, Actor actor,
        RegisterFarm? registration = null, AuthoriseFarm? authorisation = null, string? giNumber = null, StatusChange? change = null)
    {
        var e = new FarmEntry(log.Count + 1, kind, now, actor.Organisation, registration, authorisation, giNumber, change,
            log.Count > 0 ? log[^1].Hash : HashChain.Genesis, "");
        return e with { Hash = Hash(code, e) };
    }

    /// <summary>The farm its log makes, with no seasons listed (null for an empty log, or one that does not start
    /// with a registration).</summary>
    public static Farm? Fold(string code, IReadOnlyList<FarmEntry> log) => log.Aggregate((Farm?)null, (farm, e) => Apply(farm, code, e));

    /// <summary>One step of the fold. A registration makes the farm; an authorisation is added (replacing one with the
    /// same GI and start: a renewed decision); a status change applies to every authorisation the farm holds for that
    /// GI, a revoked one staying revoked. An entry out of place changes nothing (<see cref="Verify"/> reports it).</summary>
    public static Farm? Apply(Farm? farm, string code, FarmEntry e) => (farm, e) switch
    {
        (null, { Kind: FarmEntryKind.Registered, Registration: { } r }) =>
            new Farm(code, r.Name, r.Owner, r.Address, r.LocationGeoJson, r.AreaHa, r.Crops ?? [], [], [], e.RecordedAt),
        ({ } f, { Kind: FarmEntryKind.Authorised, Authorisation: { } a }) => f with
        {
            Authorisations = [.. f.Authorisations.Where(x => x.GiNumber != a.GiNumber || x.ValidFrom != a.ValidFrom),
                new GiAuthorisation(a.GiNumber, a.ValidFrom, a.ValidTo, a.DecisionReference, CertificateStatus.Active, [])],
        },
        ({ } f, { Kind: FarmEntryKind.AuthorisationChanged, GiNumber: { } gi, StatusChange: { } change }) => f with
        {
            Authorisations = [.. f.Authorisations.Select(x => x.GiNumber != gi || x.Status == CertificateStatus.Revoked
                ? x
                : x with { Status = change.Status, StatusHistory = [.. x.StatusHistory, change] })],
        },
        _ => farm,
    };

    /// <summary>The log's hashes and links, and its shape: one registration, first; authorisations and their changes after it.</summary>
    public static List<Violation> Verify(string code, IReadOnlyList<FarmEntry> log)
    {
        var record = HeadSigning.Name(RecordKind.Farm, code);
        var problems = HashChain.Verify(record, "entry", log, HashChain.Genesis, e => (e.Sequence, e.PreviousHash, e.Hash),
            e => Hash(code, e));
        for (var i = 0; i < log.Count; i++)
            if (!(i == 0 ? log[i] is { Kind: FarmEntryKind.Registered, Registration: not null } : WellFormedChange(log[i])))
                problems.Add(new("integrity.log",
                    $"entry {i + 1} of {record} is not {(i == 0 ? "its registration" : "an authorisation or its change")}"));
        if (log.Count == 0) problems.Add(new("integrity.log", $"the log of {record} is empty"));
        return problems;
    }

    private static bool WellFormedChange(FarmEntry e) =>
        e is { Kind: FarmEntryKind.Authorised, Authorisation: not null }
            or { Kind: FarmEntryKind.AuthorisationChanged, GiNumber: not null, StatusChange: not null };

    public static ChainHead Head(string code, IReadOnlyList<FarmEntry> log) =>
        new(RecordKind.Farm, code, log.Count, log.Count > 0 ? log[^1].Hash : HashChain.Genesis);

    /// <summary>Whether a farm presented with a log is the one the log makes (compared as JSON: every field but the
    /// seasons, which the log does not hold).</summary>
    public static bool Describes(Farm presented, Farm folded) =>
        JsonSerializer.Serialize(presented with { Seasons = [] }) == JsonSerializer.Serialize(folded with { Seasons = [] });
}
