using Nguon.Model;
using Decided = Nguon.Model.Outcome<Nguon.Domain.Change<Nguon.Model.Certificate>>;

namespace Nguon.Domain.Certificates;

/// <summary>Registering a GI certificate and changing its status: only the authority may; what is refused and
/// why; the certificate record that results.</summary>
public static class CertificateDecisions
{
    /// <summary>Status changes kept per certificate.</summary>
    public const int MaxHistory = 200;

    /// <param name="replay">The same operation registered the certificate before: answer with it again.</param>
    public static Decided Register(
        Certificate? current, string number, RegisterCertificate command, Actor actor, DateTimeOffset now, bool replay)
    {
        if (Permissions.Authority(actor, "register GI certificates") is { } denied) return Decided.Forbidden(denied);
        if (current is not null)
            return replay ? Change<Certificate>.Replay(current)
                : Refusal.Conflict<Change<Certificate>>(new("certificate.exists", $"GI {number} is already registered"));
        if (Check(command) is { Count: > 0 } invalid) return Decided.Rejected(invalid);
        return Change<Certificate>.New(new Certificate(number, command.Name, command.Product, command.Varieties ?? [],
            command.Holder, command.ProtectedAreaGeoJson, command.ValidFrom, command.ValidTo, command.Specification,
            command.ForeignRegistrations ?? [], CertificateStatus.Active, [], now));
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
        Certificate? current, string number, ChangeStatus command, Actor actor, DateTimeOffset now, bool replay)
    {
        if (Permissions.Authority(actor, "change the status of a GI certificate") is { } denied) return Decided.Forbidden(denied);
        if (current is null) return Refusal.NotFound<Change<Certificate>>(Unknown.Certificate(number));
        if (replay) return Change<Certificate>.Replay(current);
        if (GiRules.CheckStatusChange(current.Status, command, $"GI {number}") is { Count: > 0 } v) return Decided.Rejected(v);
        var entry = GiRules.StatusEntry(command, actor, now);
        return Change<Certificate>.New(current with
        {
            Status = command.Status,
            StatusHistory = GiRules.WithEntry(current.StatusHistory, entry, MaxHistory),
        });
    }
}
