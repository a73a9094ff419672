using Nguon.Domain.Certificates;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

public class CertificateDecisionsTests
{
    private static readonly Actor Authority = new("cuc-shtt", [Role.Authority]);
    private static readonly Actor Inspector = new("quatest-1", [Role.Inspector]);

    private static RegisterCertificate Registration() => new(
        new LocalizedText("Vải thiều Lục Ngạn", "Luc Ngan lychee", null), "lychee", ["Thiều"], "UBND huyện Lục Ngạn",
        LucNganArea, At(2008, 1, 1), new Specification(10_000m, null));

    private static string[] Rules(IEnumerable<Violation> v) => [.. v.Select(x => x.Rule)];

    [Fact]
    public void The_authority_registers_an_active_certificate()
    {
        var decided = CertificateDecisions.Register(null, GiNumber, Registration(), Authority, Now, replay: false);
        var cert = decided.Value!.Value;
        Assert.Equal((GiNumber, CertificateStatus.Active, Now), (cert.Number, cert.Status, cert.RegisteredAt));
        Assert.Empty(cert.ForeignRegistrations);
    }

    [Fact]
    public void Registration_refusals_by_kind()
    {
        Assert.Equal(OutcomeStatus.Forbidden, CertificateDecisions.Register(null, GiNumber, Registration(), Inspector, Now, false).Status);
        var exists = CertificateDecisions.Register(Certificate(), GiNumber, Registration(), Authority, Now, false);
        Assert.Equal((OutcomeStatus.Conflict, "certificate.exists"), (exists.Status, exists.Violations[0].Rule));
        Assert.True(CertificateDecisions.Register(Certificate(), GiNumber, Registration(), Authority, Now, true).Value!.IsReplay);
        var bad = Registration() with { Product = "", Holder = " ", ValidTo = At(2007, 1, 1), Specification = null! };
        Assert.Equal(["input.product", "input.holder", "input.validity", "input.specification"],
            Rules(CertificateDecisions.Register(null, GiNumber, bad, Authority, Now, false).Violations));
    }

    [Fact]
    public void A_status_change_appends_to_a_bounded_history()
    {
        var history = Enumerable.Range(0, CertificateDecisions.MaxHistory)
            .Select(i => Change(At(2010, 1, 1).AddDays(i), i % 2 == 0 ? CertificateStatus.Suspended : CertificateStatus.Active))
            .ToArray();
        var command = new ChangeStatus(CertificateStatus.Suspended, "audit of the 2026 season");
        var decided = CertificateDecisions.ChangeStatus(Certificate(history), GiNumber, command, Authority, Now, replay: false);
        var cert = decided.Value!.Value;
        Assert.Equal(CertificateStatus.Suspended, cert.Status);
        Assert.Equal(CertificateDecisions.MaxHistory, cert.StatusHistory.Count);
        Assert.Equal(new StatusChange(Now, CertificateStatus.Suspended, "audit of the 2026 season", Authority.Organisation),
            cert.StatusHistory[^1]);
        Assert.Equal(history[1], cert.StatusHistory[0]);
    }

    [Fact]
    public void Status_change_refusals_by_kind()
    {
        var suspend = new ChangeStatus(CertificateStatus.Suspended, "finding");
        Assert.Equal(OutcomeStatus.Forbidden,
            CertificateDecisions.ChangeStatus(Certificate(), GiNumber, suspend, Inspector, Now, false).Status);
        var missing = CertificateDecisions.ChangeStatus(null, GiNumber, suspend, Authority, Now, false);
        Assert.Equal((OutcomeStatus.NotFound, $"GI {GiNumber} is not registered"), (missing.Status, missing.Violations[0].Message));
        Assert.True(CertificateDecisions.ChangeStatus(Certificate(), GiNumber, suspend, Authority, Now, true).Value!.IsReplay);
        var same = CertificateDecisions.ChangeStatus(Certificate(), GiNumber, new(CertificateStatus.Active, " "), Authority, Now, false);
        Assert.Equal(["input.reason", "gi.status-unchanged"], Rules(same.Violations));
        Assert.Equal($"GI {GiNumber} is already active", same.Violations[1].Message);
    }
}
