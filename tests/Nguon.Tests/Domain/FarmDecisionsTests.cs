using Nguon.Domain.Farms;
using Nguon.Model;
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
        var decided = FarmDecisions.Register(null, FarmCode, Registration(), Owner, Now, replay: false);
        Assert.True(decided.IsOk);
        Assert.False(decided.Value!.IsReplay);
        var farm = decided.Value.Value;
        Assert.Equal((FarmCode, Owner.Organisation, 2m, Now), (farm.Code, farm.Owner, farm.AreaHa, farm.RegisteredAt));
        Assert.Empty(farm.Authorisations);
    }

    [Fact]
    public void Registering_another_producers_farm_is_forbidden_before_anything_else_is_judged()
    {
        var decided = FarmDecisions.Register(Farm(), FarmCode, Registration() with { Name = "" }, Neighbour, Now, replay: false);
        Assert.Equal(OutcomeStatus.Forbidden, decided.Status);
        Assert.Equal(["auth.forbidden"], Rules(decided.Violations));
    }

    [Fact]
    public void A_registered_farm_is_a_conflict_unless_the_same_operation_asks_again()
    {
        var conflict = FarmDecisions.Register(Farm(), FarmCode, Registration(), Owner, Now, replay: false);
        Assert.Equal(OutcomeStatus.Conflict, conflict.Status);
        Assert.Equal(["farm.exists"], Rules(conflict.Violations));

        var replay = FarmDecisions.Register(Farm(), FarmCode, Registration(), Owner, Now, replay: true);
        Assert.True(replay.Value!.IsReplay);
        Assert.Equal(Farm().RegisteredAt, replay.Value.Value.RegisteredAt);
    }

    [Fact]
    public void Every_input_reason_is_reported_together()
    {
        var bad = Registration() with { Name = " ", Address = new AdminArea("", "Lục Ngạn", ""), LocationGeoJson = "{", AreaHa = 0 };
        var decided = FarmDecisions.Register(null, FarmCode, bad, Owner, Now, replay: false);
        Assert.Equal(OutcomeStatus.Rejected, decided.Status);
        Assert.Equal(["input.name", "input.address", "input.geojson", "input.area"], Rules(decided.Violations));
    }

    [Fact]
    public void Only_the_authority_authorises_and_only_a_registered_farm()
    {
        Assert.Equal(OutcomeStatus.Forbidden,
            FarmDecisions.Authorise(Farm(), FarmCode, Authorisation(), Certificate(), Owner, Now, replay: false).Status);
        var missing = FarmDecisions.Authorise(null, FarmCode, Authorisation(), Certificate(), Authority, Now, replay: false);
        Assert.Equal(OutcomeStatus.NotFound, missing.Status);
        Assert.Equal($"farm {FarmCode} is not registered", Assert.Single(missing.Violations).Message);
    }

    [Fact]
    public void Authorisation_reasons_are_reported_together()
    {
        var revoked = Certificate(Change(At(2025, 1, 1), CertificateStatus.Revoked));
        var full = Farm(HaNoi, [.. Enumerable.Range(0, FarmDecisions.MaxAuthorisations).Select(i => Fixtures.Authorisation())]);
        var command = Authorisation() with { ValidTo = At(2025, 1, 1), DecisionReference = " " };
        var decided = FarmDecisions.Authorise(full, FarmCode, command, revoked, Authority, Now, replay: false);
        Assert.Equal(["gi.certificate-inactive", "input.validity", "input.decision-reference", "gi.outside-area",
            "input.authorisations"], Rules(decided.Violations));
        Assert.Contains("is revoked", decided.Violations[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorising_for_an_unknown_gi_says_so()
    {
        var decided = FarmDecisions.Authorise(Farm(), FarmCode, Authorisation(), null, Authority, Now, replay: false);
        Assert.Equal(["gi.certificate-unknown"], Rules(decided.Violations));
    }

    [Fact]
    public void A_new_decision_for_the_same_gi_and_start_replaces_the_old_one()
    {
        var first = Fixtures.Authorisation();
        var renewed = FarmDecisions.Authorise(Farm(), FarmCode, Authorisation(first.ValidFrom), Certificate(), Authority, Now, false);
        Assert.Equal("QĐ-456/UBND", Assert.Single(renewed.Value!.Value.Authorisations).DecisionReference);
        var added = FarmDecisions.Authorise(Farm(), FarmCode, Authorisation(), Certificate(), Authority, Now, false);
        Assert.Equal(2, added.Value!.Value.Authorisations.Count);
        Assert.True(FarmDecisions.Authorise(Farm(), FarmCode, Authorisation(), Certificate(), Authority, Now, true).Value!.IsReplay);
    }

    [Fact]
    public void Changing_an_authorisation_records_who_when_and_why()
    {
        var command = new ChangeStatus(CertificateStatus.Suspended, "residue finding", At(2025, 6, 30));
        var decided = FarmDecisions.ChangeAuthorisation(Farm(), FarmCode, GiNumber, command, Authority, Now, replay: false);
        var authorisation = Assert.Single(decided.Value!.Value.Authorisations);
        Assert.Equal(CertificateStatus.Suspended, authorisation.Status);
        Assert.Equal(new StatusChange(At(2025, 6, 30), CertificateStatus.Suspended, "residue finding", Authority.Organisation),
            Assert.Single(authorisation.StatusHistory));
    }

    [Fact]
    public void Authorisation_change_refusals()
    {
        var suspend = new ChangeStatus(CertificateStatus.Suspended, "finding");
        Assert.Equal(OutcomeStatus.Forbidden,
            FarmDecisions.ChangeAuthorisation(Farm(), FarmCode, GiNumber, suspend, Owner, Now, false).Status);
        Assert.Equal(["farm.unknown"],
            Rules(FarmDecisions.ChangeAuthorisation(null, FarmCode, GiNumber, suspend, Authority, Now, false).Violations));
        var unknown = FarmDecisions.ChangeAuthorisation(Farm(), FarmCode, "VN-GI-00999", suspend, Authority, Now, false);
        Assert.Equal((OutcomeStatus.NotFound, "authorisation.unknown"), (unknown.Status, unknown.Violations[0].Rule));

        var revoked = Farm(OrchardInLucNgan, Fixtures.Authorisation(Change(At(2024, 1, 1), CertificateStatus.Revoked)));
        var again = FarmDecisions.ChangeAuthorisation(revoked, FarmCode, GiNumber, suspend with { Reason = "" }, Authority, Now, false);
        Assert.Equal(["input.reason", "gi.revoked-final"], Rules(again.Violations));
        Assert.Equal($"the authorisation of {FarmCode} for GI {GiNumber} is revoked; revocation is final", again.Violations[1].Message);
    }
}
