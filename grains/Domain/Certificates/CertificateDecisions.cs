using Nguon.Model;
using Decided = Nguon.Model.Outcome<Nguon.Domain.Change<Nguon.Domain.Logged<Nguon.Model.Certificate, Nguon.Model.CertificateEntry>>>;

namespace Nguon.Domain.Certificates;

/// <summary>Registering a GI certificate and changing its status: only the authority may; what is refused and
/// why; the log entry that records the change and the certificate that results (<see cref="CertificateChain"/>).</summary>
public static class CertificateDecisions
{
    /// <param name="log">The certificate's log as stored (empty when it is not registered).</param>
    /// <param name="replay">The same operation registered the certificate before: answer with it again.</param>
    public static Decided Register(
        IReadOnlyList<CertificateEntry> log, string number, RegisterCertificate command, Actor actor, DateTimeOffset now, bool replay)
    {
        if (Permissions.Authority(actor, "register GI certificates") is { } denied) return Decided.Forbidden(denied);
        if (CertificateChain.Fold(number, log) is { } current)
            return replay ? Replay(current)
                : Refusal.Conflict<Change<Logged<Certificate, CertificateEntry>>>(
                    new("certificate.exists", $"GI {number} is already registered"));
        if (Check(command) is { Count: > 0 } invalid) return Decided.Rejected(invalid);
        var registration = command with { Varieties = command.Varieties ?? [], ForeignRegistrations = command.ForeignRegistrations ?? [] };
        return Record(null, number, CertificateChain.Next(log, number, CertificateEntryKind.Registered, now, actor, registration));
    }

    /// <summary>Whether a registration is well formed.</summary>
    public static List<Violation> Check(RegisterCertificate c)
    {
        var v = new List<Violation>();
        if (c.Name is null || string.IsNullOrWhiteSpace(c.Name.Vi) || string.IsNullOrWhiteSpace(c.Name.En))
            v.Add(new("input.name", "a GI certificate has a name in Vietnamese and English (Japanese optional)"));
        if (string.IsNullOrWhiteSpace(c.Product)) v.Add(new("input.product", "a GI certificate names its product"));
        if (string.IsNullOrWhiteSpace(c.Holder)) v.Add(new("input.holder", "a GI certificate names its holder"));
        if (!Geo.TryParse(c.ProtectedAreaGeoJson, Geo.AreaTypes, out _, out var error))
            v.Add(new("input.geojson", $"protected area: {error}"));
        if (c.ValidTo is { } to && to < c.ValidFrom) v.Add(new("input.validity", "validTo is before validFrom"));
        if (c.Specification is null || c.Specification.MaxYieldKgPerHaPerSeason <= 0)
            v.Add(new("input.specification", "the specification gives a positive maximum yield in kg/ha per season"));
        foreach (var _ in (c.ForeignRegistrations ?? []).Where(r => !IsForeignRegistration(r)))
            v.Add(new("input.foreign-registration", "a foreign registration has an ISO 3166 alpha-2 country (e.g. JP) and a number"));
        return v;
    }

    private static bool IsForeignRegistration(ForeignRegistration r) =>
        r.Country is { Length: 2 } && r.Country.All(char.IsAsciiLetterUpper) && !string.IsNullOrWhiteSpace(r.Number);

    /// <summary>Suspending, reinstating or revoking the certificate; every downstream verdict follows.</summary>
    public static Decided ChangeStatus(
        IReadOnlyList<CertificateEntry> log, string number, ChangeStatus command, Actor actor, DateTimeOffset now, bool replay)
    {
        if (Permissions.Authority(actor, "change the status of a GI certificate") is { } denied) return Decided.Forbidden(denied);
        if (CertificateChain.Fold(number, log) is not { } current)
            return Refusal.NotFound<Change<Logged<Certificate, CertificateEntry>>>(Unknown.Certificate(number));
        if (replay) return Replay(current);
        if (GiRules.CheckStatusChange(current.Status, command, $"GI {number}") is { Count: > 0 } v) return Decided.Rejected(v);
        if (log.Count >= HashChain.MaxEntries)
            return Refusal.Conflict<Change<Logged<Certificate, CertificateEntry>>>(HashChain.Full($"certificate {number}"));
        return Record(current, number, CertificateChain.Next(log, number, CertificateEntryKind.StatusChanged, now, actor,
            change: GiRules.StatusEntry(command, actor, now)));
    }

    /// <summary>The entry to append and the certificate after it (the fold's next step).</summary>
    private static Decided Record(Certificate? current, string number, CertificateEntry entry) =>
        Change<Logged<Certificate, CertificateEntry>>.New(new(CertificateChain.Apply(current, number, entry)!, entry));

    private static Decided Replay(Certificate current) => Change<Logged<Certificate, CertificateEntry>>.Replay(new(current, null));
}
