using Nguon.Domain.Certificates;
using Nguon.Domain.Farms;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Tests.Domain;

/// <summary>The logs that make the fixtures' farms and certificates, as the grains would have written them (the
/// registration, then every authorisation and status change), with their heads signed by <see cref="Fixtures.Signer"/>.
/// Each log is checked to fold back into exactly the record it was made from.</summary>
public static class Logs
{
    private static readonly Actor Authority = new("Cục Sở hữu trí tuệ", [Role.Authority]);

    public static CertificateLog Of(Certificate c)
    {
        var registration = new RegisterCertificate(c.Name, c.Product, c.Varieties, c.Holder, c.ProtectedAreaGeoJson, c.ValidFrom,
            c.Specification, c.ValidTo, c.ForeignRegistrations);
        var log = new List<CertificateEntry>();
        log.Add(CertificateChain.Next(log, c.Number, CertificateEntryKind.Registered, c.RegisteredAt, Authority, registration));
        foreach (var change in c.StatusHistory)
            log.Add(CertificateChain.Next(log, c.Number, CertificateEntryKind.StatusChanged, change.At, Authority, change: change));
        Assert.True(CertificateChain.Describes(c, CertificateChain.Fold(c.Number, log)!), $"the log of {c.Number} does not make it");
        return new(c.Number, log, Fixtures.Signer.SignHead(CertificateChain.Head(c.Number, log)));
    }

    public static FarmLog Of(Farm f)
    {
        var log = new List<FarmEntry>();
        log.Add(FarmChain.Next(log, f.Code, FarmEntryKind.Registered, f.RegisteredAt, Authority,
            registration: new RegisterFarm(f.Name, f.Owner, f.Address, f.LocationGeoJson, f.AreaHa, f.Crops)));
        foreach (var a in f.Authorisations)
        {
            log.Add(FarmChain.Next(log, f.Code, FarmEntryKind.Authorised, a.ValidFrom, Authority,
                authorisation: new AuthoriseFarm(a.GiNumber, a.ValidFrom, a.DecisionReference, a.ValidTo)));
            foreach (var change in a.StatusHistory)
                log.Add(FarmChain.Next(log, f.Code, FarmEntryKind.AuthorisationChanged, change.At, Authority, giNumber: a.GiNumber,
                    change: change));
        }
        Assert.True(FarmChain.Describes(f, FarmChain.Fold(f.Code, log)!), $"the log of farm {f.Code} does not make it");
        return new(f.Code, log, Fixtures.Signer.SignHead(FarmChain.Head(f.Code, log)));
    }

    /// <summary>The entries alone (for the decisions, which take the log as stored).</summary>
    public static IReadOnlyList<CertificateEntry> Entries(Certificate c) => Of(c).Entries;

    public static IReadOnlyList<FarmEntry> Entries(Farm f) => Of(f).Entries;
}
