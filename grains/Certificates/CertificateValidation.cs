using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Certificates;

public static class CertificateValidation
{
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
        foreach (var r in c.ForeignRegistrations ?? [])
            if (r.Country is not { Length: 2 } || !r.Country.All(char.IsAsciiLetterUpper) || string.IsNullOrWhiteSpace(r.Number))
                v.Add(new("input.foreign-registration", "a foreign registration has an ISO 3166 alpha-2 country (e.g. JP) and a number"));
        return v;
    }
}
