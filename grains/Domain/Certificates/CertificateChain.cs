using System.Text.Json;
using Nguon.Model;

namespace Nguon.Domain.Certificates;

/// <summary>A certificate's hash-chained log: its registration first, then every status change. The certificate,
/// its status and its status history are derived from the log by one fold (<see cref="Fold"/>), so status and
/// history cannot disagree, and editing either in the database breaks the chain or its signed head.</summary>
public static class CertificateChain
{
    public const string Version = "nguon-certificate/1";

    public static byte[] Canonical(string number, CertificateEntry e) => CanonicalJson.Array(Version, w =>
    {
        w.WriteStringValue(number);
        w.WriteNumberValue(e.Sequence);
        w.WriteStringValue(e.Kind == CertificateEntryKind.Registered ? "registered" : "status-changed");
        CanonicalJson.Time(w, e.RecordedAt);
        w.WriteStringValue(e.Actor);
        Registration(w, e.Registration);
        CanonicalJson.StatusChange(w, e.StatusChange);
        w.WriteStringValue(e.PreviousHash);
    });

    private static void Registration(Utf8JsonWriter w, RegisterCertificate? r)
    {
        if (r is null) { w.WriteNullValue(); return; }
        // Null-safe throughout: a log is verified as stored, edited or not.
        w.WriteStartArray();
        CanonicalJson.Nullable(w, r.Name?.Vi);
        CanonicalJson.Nullable(w, r.Name?.En);
        CanonicalJson.Nullable(w, r.Name?.Ja);
        CanonicalJson.Nullable(w, r.Product);
        CanonicalJson.Strings(w, r.Varieties);
        CanonicalJson.Nullable(w, r.Holder);
        CanonicalJson.Nullable(w, r.ProtectedAreaGeoJson);
        CanonicalJson.Time(w, r.ValidFrom);
        CanonicalJson.Time(w, r.ValidTo);
        CanonicalJson.Number(w, r.Specification?.MaxYieldKgPerHaPerSeason);
        if (r.Specification?.QualityCriteria is not { } criteria) w.WriteNullValue(); else CanonicalJson.Strings(w, criteria);
        CanonicalJson.List(w, r.ForeignRegistrations, (x, f) =>
        {
            x.WriteStartArray();
            x.WriteStringValue(f.Country);
            x.WriteStringValue(f.Number);
            CanonicalJson.Nullable(x, f.RegisteredOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            x.WriteEndArray();
        });
        w.WriteEndArray();
    }

    public static string Hash(string number, CertificateEntry e) => HashChain.Sha256(Canonical(number, e));

    /// <summary>The next entry of <paramref name="log"/>, numbered, linked to its head and sealed.</summary>
    public static CertificateEntry Next(IReadOnlyList<CertificateEntry> log, string number, CertificateEntryKind kind,
        DateTimeOffset now, Actor actor, RegisterCertificate? registration = null, StatusChange? change = null)
    {
        var e = new CertificateEntry(log.Count + 1, kind, now, actor.Organisation, registration, change,
            log.Count > 0 ? log[^1].Hash : HashChain.Genesis, "");
        return e with { Hash = Hash(number, e) };
    }

    /// <summary>The certificate its log makes (null for an empty log, or one that does not start with a registration).</summary>
    public static Certificate? Fold(string number, IReadOnlyList<CertificateEntry> log) =>
        log.Aggregate((Certificate?)null, (cert, e) => Apply(cert, number, e));

    /// <summary>One step of the fold: a registration makes the certificate (active, no history); a status change sets
    /// its status and appends to its history. An entry out of place changes nothing (<see cref="Verify"/> reports it).</summary>
    public static Certificate? Apply(Certificate? cert, string number, CertificateEntry e) => (cert, e) switch
    {
        (null, { Kind: CertificateEntryKind.Registered, Registration: { } r }) => new Certificate(number, r.Name, r.Product,
            r.Varieties ?? [], r.Holder, r.ProtectedAreaGeoJson, r.ValidFrom, r.ValidTo, r.Specification, r.ForeignRegistrations ?? [],
            CertificateStatus.Active, [], e.RecordedAt),
        ({ } c, { Kind: CertificateEntryKind.StatusChanged, StatusChange: { } change }) => c with
        {
            Status = change.Status,
            StatusHistory = [.. c.StatusHistory, change],
        },
        _ => cert,
    };

    /// <summary>The log's hashes and links, and its shape: one registration, first; status changes after it.</summary>
    public static List<Violation> Verify(string number, IReadOnlyList<CertificateEntry> log)
    {
        var record = HeadSigning.Name(RecordKind.Certificate, number);
        var problems = HashChain.Verify(record, "entry", log, HashChain.Genesis, e => (e.Sequence, e.PreviousHash, e.Hash),
            e => Hash(number, e));
        for (var i = 0; i < log.Count; i++)
            if (log[i] is var e && (i == 0
                    ? e is not { Kind: CertificateEntryKind.Registered, Registration: not null }
                    : e is not { Kind: CertificateEntryKind.StatusChanged, StatusChange: not null }))
                problems.Add(new("integrity.log", $"entry {i + 1} of {record} is not {(i == 0 ? "its registration" : "a status change")}"));
        if (log.Count == 0) problems.Add(new("integrity.log", $"the log of {record} is empty"));
        return problems;
    }

    public static ChainHead Head(string number, IReadOnlyList<CertificateEntry> log) =>
        new(RecordKind.Certificate, number, log.Count, log.Count > 0 ? log[^1].Hash : HashChain.Genesis);

    /// <summary>Whether a certificate presented with a log is the one the log makes (compared as JSON: every field).</summary>
    public static bool Describes(Certificate presented, Certificate folded) =>
        JsonSerializer.Serialize(presented) == JsonSerializer.Serialize(folded);
}
