using Nguon.Domain;
using Nguon.Domain.Certificates;
using Nguon.Model;
using Nguon.Tests.Infrastructure;
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
        var decided = CertificateDecisions.Register([], GiNumber, Registration(), Authority, Now, replay: false);
        var cert = decided.Value!.Value.Record;
        Assert.Equal((GiNumber, CertificateStatus.Active, Now), (cert.Number, cert.Status, cert.RegisteredAt));
        Assert.Empty(cert.ForeignRegistrations);
        var entry = decided.Value.Value.Entry!;
        Assert.Equal((1, CertificateEntryKind.Registered, HashChain.Genesis, Authority.Organisation, Now),
            (entry.Sequence, entry.Kind, entry.PreviousHash, entry.Actor, entry.RecordedAt));
        Assert.Equal(CertificateChain.Hash(GiNumber, entry), entry.Hash);
        Scenario.Same(cert, CertificateChain.Fold(GiNumber, [entry]));
    }

    [Fact]
    public void Registration_refusals_by_kind()
    {
        Assert.Equal(OutcomeStatus.Forbidden, CertificateDecisions.Register([], GiNumber, Registration(), Inspector, Now, false).Status);
        var exists = CertificateDecisions.Register(Logs.Entries(Certificate()), GiNumber, Registration(), Authority, Now, false);
        Assert.Equal((OutcomeStatus.Conflict, "certificate.exists"), (exists.Status, exists.Violations[0].Rule));
        var replay = CertificateDecisions.Register(Logs.Entries(Certificate()), GiNumber, Registration(), Authority, Now, true).Value!;
        Assert.True(replay.IsReplay);
        Assert.Null(replay.Value.Entry);
        var bad = Registration() with { Product = "", Holder = " ", ValidTo = At(2007, 1, 1), Specification = null! };
        Assert.Equal(["input.product", "input.holder", "input.validity", "input.specification"],
            Rules(CertificateDecisions.Register([], GiNumber, bad, Authority, Now, false).Violations));
    }

    [Fact]
    public void A_status_change_is_a_new_entry_of_the_log_and_status_and_history_follow_from_it()
    {
        var log = Logs.Entries(Certificate(Change(At(2024, 1, 1), CertificateStatus.Suspended), Change(At(2024, 3, 1), CertificateStatus.Active)));
        var command = new ChangeStatus(CertificateStatus.Suspended, "audit of the 2026 season");
        var decided = CertificateDecisions.ChangeStatus(log, GiNumber, command, Authority, Now, replay: false).Value!.Value;
        var expected = new StatusChange(Now, CertificateStatus.Suspended, "audit of the 2026 season", Authority.Organisation);
        Assert.Equal((4, CertificateEntryKind.StatusChanged, log[^1].Hash, expected),
            (decided.Entry!.Sequence, decided.Entry.Kind, decided.Entry.PreviousHash, decided.Entry.StatusChange));
        Assert.Equal(CertificateStatus.Suspended, decided.Record.Status);
        Assert.Equal([CertificateStatus.Suspended, CertificateStatus.Active, CertificateStatus.Suspended],
            decided.Record.StatusHistory.Select(h => h.Status));
        Scenario.Same(decided.Record, CertificateChain.Fold(GiNumber, [.. log, decided.Entry]));
    }

    [Fact]
    public void A_full_log_refuses_a_further_change_clearly()
    {
        var history = Enumerable.Range(0, HashChain.MaxEntries - 1)
            .Select(i => Change(At(2010, 1, 1).AddDays(i), i % 2 == 0 ? CertificateStatus.Suspended : CertificateStatus.Active))
            .ToArray();
        var log = Logs.Entries(Certificate(history));
        Assert.Equal(HashChain.MaxEntries, log.Count);
        var decided = CertificateDecisions.ChangeStatus(log, GiNumber, new(CertificateStatus.Active, "reinstated"), Authority, Now, false);
        Assert.Equal(OutcomeStatus.Conflict, decided.Status);
        Assert.Equal(new Violation("log.full", $"the log of certificate {GiNumber} is full (256 entries): it takes no more changes"),
            Assert.Single(decided.Violations));
    }

    [Fact]
    public void Status_change_refusals_by_kind()
    {
        var suspend = new ChangeStatus(CertificateStatus.Suspended, "finding");
        Assert.Equal(OutcomeStatus.Forbidden,
            CertificateDecisions.ChangeStatus(Logs.Entries(Certificate()), GiNumber, suspend, Inspector, Now, false).Status);
        var missing = CertificateDecisions.ChangeStatus([], GiNumber, suspend, Authority, Now, false);
        Assert.Equal((OutcomeStatus.NotFound, $"GI {GiNumber} is not registered"), (missing.Status, missing.Violations[0].Message));
        Assert.True(CertificateDecisions.ChangeStatus(Logs.Entries(Certificate()), GiNumber, suspend, Authority, Now, true).Value!.IsReplay);
        var same = CertificateDecisions.ChangeStatus(Logs.Entries(Certificate()), GiNumber, new(CertificateStatus.Active, " "), Authority,
            Now, false);
        Assert.Equal(["input.reason", "gi.status-unchanged"], Rules(same.Violations));
        Assert.Equal($"GI {GiNumber} is already active", same.Violations[1].Message);
    }
}
