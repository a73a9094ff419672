using Nguon.Domain;
using Nguon.Domain.Farms;
using Nguon.Model;
using Nguon.Tests.Infrastructure;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

public class FarmDecisionsTests
{
    private static readonly Actor Authority = new("cuc-shtt", [Role.Authority]);
    private static readonly Actor Owner = new("HTX Vải thiều Phượng Sơn", [Role.Producer]);
    private static readonly Actor Neighbour = new("HTX Quý Sơn", [Role.Producer]);

    private static RegisterFarm Registration() => new("Vườn vải ông Hùng", Owner.Organisation,
        new AdminArea("Phượng Sơn", "Lục Ngạn", "Bắc Giang"), OrchardInLucNgan, 2m, ["lychee"]);

    private static AuthoriseFarm Authorisation(DateTimeOffset? from = null) => new(GiNumber, from ?? At(2026, 1, 1), "QĐ-456/UBND");

    private static string[] Rules(IEnumerable<Violation> v) => [.. v.Select(x => x.Rule)];

    [Fact]
    public void Owner_registers_its_farm_as_given()
    {
        var decided = FarmDecisions.Register([], FarmCode, Registration(), Owner, Now, replay: false);
        Assert.True(decided.IsOk);
        Assert.False(decided.Value!.IsReplay);
        var (farm, entry) = decided.Value.Value;
        Assert.Equal((FarmCode, Owner.Organisation, 2m, Now), (farm.Code, farm.Owner, farm.AreaHa, farm.RegisteredAt));
        Assert.Empty(farm.Authorisations);
        Assert.Equal((1, FarmEntryKind.Registered, HashChain.Genesis, FarmChain.Hash(FarmCode, entry!)),
            (entry!.Sequence, entry.Kind, entry.PreviousHash, entry.Hash));
        Scenario.Same(farm, FarmChain.Fold(FarmCode, [entry]));
    }

    [Fact]
    public void Registering_another_producers_farm_is_forbidden_before_anything_else_is_judged()
    {
        var decided = FarmDecisions.Register(Logs.Entries(Farm()), FarmCode, Registration() with { Name = "" }, Neighbour, Now, replay: false);
        Assert.Equal(OutcomeStatus.Forbidden, decided.Status);
        Assert.Equal(["auth.forbidden"], Rules(decided.Violations));
    }

    [Fact]
    public void A_registered_farm_is_a_conflict_unless_the_same_operation_asks_again()
    {
        var conflict = FarmDecisions.Register(Logs.Entries(Farm()), FarmCode, Registration(), Owner, Now, replay: false);
        Assert.Equal(OutcomeStatus.Conflict, conflict.Status);
        Assert.Equal(["farm.exists"], Rules(conflict.Violations));

        var replay = FarmDecisions.Register(Logs.Entries(Farm()), FarmCode, Registration(), Owner, Now, replay: true);
        Assert.True(replay.Value!.IsReplay);
        Assert.Equal(Farm().RegisteredAt, replay.Value.Value.Record.RegisteredAt);
        Assert.Null(replay.Value.Value.Entry);
    }

    [Fact]
    public void Every_input_reason_is_reported_together()
    {
        var bad = Registration() with { Name = " ", Address = new AdminArea("", "Lục Ngạn", ""), LocationGeoJson = "{", AreaHa = 0 };
        var decided = FarmDecisions.Register([], FarmCode, bad, Owner, Now, replay: false);
        Assert.Equal(OutcomeStatus.Rejected, decided.Status);
        Assert.Equal(["input.name", "input.address", "input.geojson", "input.area"], Rules(decided.Violations));
    }

    [Fact]
    public void Only_the_authority_authorises_and_only_a_registered_farm()
    {
        Assert.Equal(OutcomeStatus.Forbidden,
            FarmDecisions.Authorise(Logs.Entries(Farm()), FarmCode, Authorisation(), Certificate(), Owner, Now, replay: false).Status);
        var missing = FarmDecisions.Authorise([], FarmCode, Authorisation(), Certificate(), Authority, Now, replay: false);
        Assert.Equal(OutcomeStatus.NotFound, missing.Status);
        Assert.Equal($"farm {FarmCode} is not registered", Assert.Single(missing.Violations).Message);
    }

    [Fact]
    public void Authorisation_reasons_are_reported_together()
    {
        var revoked = Certificate(Change(At(2025, 1, 1), CertificateStatus.Revoked));
        var full = Farm(HaNoi, [.. Enumerable.Range(0, FarmDecisions.MaxAuthorisations)
            .Select(i => Fixtures.Authorisation() with { ValidFrom = At(2000 + i, 1, 1) })]);
        var command = Authorisation() with { ValidTo = At(2025, 1, 1), DecisionReference = " " };
        var decided = FarmDecisions.Authorise(Logs.Entries(full), FarmCode, command, revoked, Authority, Now, replay: false);
        Assert.Equal(["gi.certificate-inactive", "input.validity", "input.decision-reference", "gi.outside-area",
            "input.authorisations"], Rules(decided.Violations));
        Assert.Contains("is revoked", decided.Violations[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorising_for_an_unknown_gi_says_so()
    {
        var decided = FarmDecisions.Authorise(Logs.Entries(Farm()), FarmCode, Authorisation(), null, Authority, Now, replay: false);
        Assert.Equal(["gi.certificate-unknown"], Rules(decided.Violations));
    }

    [Fact]
    public void A_new_decision_for_the_same_gi_and_start_replaces_the_old_one()
    {
        var first = Fixtures.Authorisation();
        var log = Logs.Entries(Farm());
        var renewed = FarmDecisions.Authorise(log, FarmCode, Authorisation(first.ValidFrom), Certificate(), Authority, Now, false);
        Assert.Equal("QĐ-456/UBND", Assert.Single(renewed.Value!.Value.Record.Authorisations).DecisionReference);
        Assert.Equal((FarmEntryKind.Authorised, log.Count + 1, log[^1].Hash),
            (renewed.Value.Value.Entry!.Kind, renewed.Value.Value.Entry.Sequence, renewed.Value.Value.Entry.PreviousHash));
        var added = FarmDecisions.Authorise(log, FarmCode, Authorisation(), Certificate(), Authority, Now, false);
        Assert.Equal(2, added.Value!.Value.Record.Authorisations.Count);
        Scenario.Same(added.Value.Value.Record, FarmChain.Fold(FarmCode, [.. log, added.Value.Value.Entry!]));
        Assert.True(FarmDecisions.Authorise(log, FarmCode, Authorisation(), Certificate(), Authority, Now, true).Value!.IsReplay);
    }

    [Fact]
    public void Changing_an_authorisation_records_who_when_and_why()
    {
        var command = new ChangeStatus(CertificateStatus.Suspended, "residue finding", At(2025, 6, 30));
        var decided = FarmDecisions.ChangeAuthorisation(Logs.Entries(Farm()), FarmCode, GiNumber, command, Authority, Now, replay: false);
        var authorisation = Assert.Single(decided.Value!.Value.Record.Authorisations);
        Assert.Equal((FarmEntryKind.AuthorisationChanged, GiNumber), (decided.Value.Value.Entry!.Kind, decided.Value.Value.Entry.GiNumber));
        Assert.Equal(CertificateStatus.Suspended, authorisation.Status);
        Assert.Equal(new StatusChange(At(2025, 6, 30), CertificateStatus.Suspended, "residue finding", Authority.Organisation),
            Assert.Single(authorisation.StatusHistory));
    }

    [Fact]
    public void Authorisation_change_refusals()
    {
        var suspend = new ChangeStatus(CertificateStatus.Suspended, "finding");
        Assert.Equal(OutcomeStatus.Forbidden,
            FarmDecisions.ChangeAuthorisation(Logs.Entries(Farm()), FarmCode, GiNumber, suspend, Owner, Now, false).Status);
        Assert.Equal(["farm.unknown"],
            Rules(FarmDecisions.ChangeAuthorisation([], FarmCode, GiNumber, suspend, Authority, Now, false).Violations));
        var unknown = FarmDecisions.ChangeAuthorisation(Logs.Entries(Farm()), FarmCode, "VN-GI-00999", suspend, Authority, Now, false);
        Assert.Equal((OutcomeStatus.NotFound, "authorisation.unknown"), (unknown.Status, unknown.Violations[0].Rule));

        var revoked = Farm(OrchardInLucNgan, Fixtures.Authorisation(Change(At(2024, 1, 1), CertificateStatus.Revoked)));
        var again = FarmDecisions.ChangeAuthorisation(Logs.Entries(revoked), FarmCode, GiNumber, suspend with { Reason = "" }, Authority,
            Now, false);
        Assert.Equal(["input.reason", "gi.revoked-final"], Rules(again.Violations));
        Assert.Equal($"the authorisation of {FarmCode} for GI {GiNumber} is revoked; revocation is final", again.Violations[1].Message);
    }

    [Fact]
    public void A_full_log_refuses_a_further_change_clearly()
    {
        var history = Enumerable.Range(0, HashChain.MaxEntries - 2)
            .Select(i => Change(At(2021, 1, 1).AddDays(i), i % 2 == 0 ? CertificateStatus.Suspended : CertificateStatus.Active))
            .ToArray();
        var log = Logs.Entries(Farm(OrchardInLucNgan, Fixtures.Authorisation(history)));
        Assert.Equal(HashChain.MaxEntries, log.Count);
        var change = FarmDecisions.ChangeAuthorisation(log, FarmCode, GiNumber, new(CertificateStatus.Suspended, "finding"), Authority, Now, false);
        var authorise = FarmDecisions.Authorise(log, FarmCode, Authorisation(), Certificate(), Authority, Now, false);
        foreach (var refused in new[] { change, authorise })
        {
            Assert.Equal(OutcomeStatus.Conflict, refused.Status);
            Assert.Equal($"the log of farm {FarmCode} is full (256 entries): it takes no more changes", Assert.Single(refused.Violations).Message);
        }
    }
}
