using Nguon.Domain;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

public class GiRulesAuthorisationTests
{
    private static AuthoriseFarm Command(string reference = "QĐ-789/UBND", DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        new(GiNumber, ValidFrom: from ?? At(2025, 1, 1), DecisionReference: reference, ValidTo: to);

    private static string[] Rules(Farm farm, Certificate? cert, AuthoriseFarm command) =>
        [.. GiRules.CheckAuthorisation(farm, cert, command, Now).Select(v => v.Rule)];

    [Fact]
    public void Farm_inside_the_area_with_decision_reference_can_be_authorised()
    {
        Assert.Empty(Rules(Farm(), Certificate(), Command()));
    }

    [Fact]
    public void Farm_outside_the_area_cannot_be_authorised()
    {
        Assert.Equal(["gi.outside-area"], Rules(Farm(HaNoi), Certificate(), Command()));
    }

    [Fact]
    public void Unknown_certificate_is_reported_alone()
    {
        Assert.Equal(["gi.certificate-unknown"], Rules(Farm(HaNoi), null, Command(reference: "")));
    }

    [Fact]
    public void Revoked_certificate_cannot_authorise_farms()
    {
        Assert.Equal(["gi.certificate-inactive"], Rules(Farm(), Certificate(Change(At(2024, 1, 1), CertificateStatus.Revoked)), Command()));
    }

    [Fact]
    public void Suspended_certificate_still_allows_authorisation()
    {
        Assert.Empty(Rules(Farm(), Certificate(Change(At(2024, 1, 1), CertificateStatus.Suspended)), Command()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_decision_reference_is_refused(string reference)
    {
        Assert.Equal(["input.decision-reference"], Rules(Farm(), Certificate(), Command(reference: reference)));
    }

    [Fact]
    public void Validity_ending_before_it_starts_is_refused()
    {
        Assert.Equal(["input.validity"], Rules(Farm(), Certificate(), Command(from: At(2025, 1, 1), to: At(2024, 12, 31))));
        Assert.Empty(Rules(Farm(), Certificate(), Command(from: At(2025, 1, 1), to: At(2025, 1, 1))));
    }
}

public class GiRulesClaimTests
{
    [Fact]
    public void Common_claim_of_inputs_sharing_one_gi_is_that_gi()
    {
        Assert.Equal(GiNumber, GiRules.CommonClaim([GiNumber, GiNumber, GiNumber]));
    }

    [Fact]
    public void Common_claim_of_mixed_inputs_is_none()
    {
        Assert.Null(GiRules.CommonClaim([GiNumber, "VN-GI-00099"]));
        Assert.Null(GiRules.CommonClaim([GiNumber, null]));
        Assert.Null(GiRules.CommonClaim([null, GiNumber]));
        Assert.Null(GiRules.CommonClaim([null, null]));
        Assert.Null(GiRules.CommonClaim([]));
    }

    [Fact]
    public void No_requested_claim_means_no_dilution_whatever_the_inputs()
    {
        Assert.Empty(GiRules.CheckNoDilution(null, [("A", null), ("B", "VN-GI-00099")]));
    }

    [Fact]
    public void Inputs_all_carrying_the_claim_do_not_dilute()
    {
        Assert.Empty(GiRules.CheckNoDilution(GiNumber, [("A", GiNumber), ("B", GiNumber)]));
    }

    [Fact]
    public void Input_without_claim_dilutes_the_requested_claim()
    {
        var only = Assert.Single(GiRules.CheckNoDilution(GiNumber, [("A", GiNumber), ("B", null)]));
        Assert.Equal("gi.dilution", only.Rule);
        Assert.Contains("input B carries no GI claim", only.Message);
    }

    [Fact]
    public void Input_with_another_gi_dilutes_the_requested_claim()
    {
        var only = Assert.Single(GiRules.CheckNoDilution(GiNumber, [("A", "VN-GI-00099"), ("B", GiNumber)]));
        Assert.Equal("gi.dilution", only.Rule);
        Assert.Contains("input A claims GI VN-GI-00099", only.Message);
    }

    [Fact]
    public void Every_diluting_input_is_reported()
    {
        Assert.Equal(2, GiRules.CheckNoDilution(GiNumber, [("A", null), ("B", "X"), ("C", GiNumber)]).Count());
    }
}

public class GiRulesStatusTests
{
    [Fact]
    public void Status_with_empty_history_is_active()
    {
        var (status, since) = GiRules.StatusAt([], Now);
        Assert.Equal(CertificateStatus.Active, status);
        Assert.Null(since);
    }

    [Fact]
    public void Status_is_the_latest_change_at_or_before_the_moment()
    {
        StatusChange[] history =
        [
            Change(At(2025, 3, 1), CertificateStatus.Suspended, "first"),
            Change(At(2025, 4, 1), CertificateStatus.Active, "reinstated"),
            Change(At(2025, 6, 20), CertificateStatus.Revoked, "final"),
        ];
        Assert.Equal(CertificateStatus.Active, GiRules.StatusAt(history, At(2025, 2, 28)).Status);
        Assert.Equal(CertificateStatus.Suspended, GiRules.StatusAt(history, At(2025, 3, 1)).Status);
        Assert.Equal(CertificateStatus.Active, GiRules.StatusAt(history, HarvestTime).Status);
        Assert.Equal("final", GiRules.StatusAt(history, Now).Since!.Reason);
    }

    [Fact]
    public void Status_does_not_depend_on_history_order()
    {
        StatusChange[] history = [Change(At(2025, 6, 20), CertificateStatus.Revoked), Change(At(2025, 3, 1), CertificateStatus.Suspended)];
        Assert.Equal(CertificateStatus.Suspended, GiRules.StatusAt(history, HarvestTime).Status);
        Assert.Equal(CertificateStatus.Revoked, GiRules.StatusAt(history, Now).Status);
    }

    [Fact]
    public void Status_compares_instants_not_wall_clock_times()
    {
        // 08:00 in Hà Nội is 01:00 UTC: a suspension at 02:00 UTC is after it.
        var history = new[]
        {
            new StatusChange(new DateTimeOffset(2025, 6, 10, 2, 0, 0, TimeSpan.Zero), CertificateStatus.Suspended, "r", "a"),
        };
        Assert.Equal(CertificateStatus.Active, GiRules.StatusAt(history, At(2025, 6, 10, 8)).Status);
        Assert.Equal(CertificateStatus.Suspended, GiRules.StatusAt(history, At(2025, 6, 10, 9)).Status);
    }

    [Fact]
    public void Validity_includes_both_ends_and_an_open_end()
    {
        Assert.True(GiRules.InValidity(At(2025, 1, 1), At(2025, 12, 31), At(2025, 1, 1)));
        Assert.True(GiRules.InValidity(At(2025, 1, 1), At(2025, 12, 31), At(2025, 12, 31)));
        Assert.False(GiRules.InValidity(At(2025, 1, 1), At(2025, 12, 31), At(2026, 1, 1)));
        Assert.False(GiRules.InValidity(At(2025, 1, 1), null, At(2024, 12, 31)));
        Assert.True(GiRules.InValidity(At(2025, 1, 1), null, At(2099, 1, 1)));
    }

    [Theory]
    [InlineData(CertificateStatus.Active, CertificateStatus.Suspended)]
    [InlineData(CertificateStatus.Active, CertificateStatus.Revoked)]
    [InlineData(CertificateStatus.Suspended, CertificateStatus.Active)]
    [InlineData(CertificateStatus.Suspended, CertificateStatus.Revoked)]
    public void Allowed_status_changes_pass(CertificateStatus current, CertificateStatus next)
    {
        Assert.Empty(GiRules.CheckStatusChange(current, new ChangeStatus(next, "decision 12/2025", null), "GI X"));
    }

    [Theory]
    [InlineData(CertificateStatus.Active)]
    [InlineData(CertificateStatus.Suspended)]
    [InlineData(CertificateStatus.Revoked)]
    public void Revocation_is_final(CertificateStatus next)
    {
        var v = GiRules.CheckStatusChange(CertificateStatus.Revoked, new ChangeStatus(next, "appeal", null), "GI X");
        Assert.Equal("gi.revoked-final", Assert.Single(v).Rule);
    }

    [Theory]
    [InlineData(CertificateStatus.Active)]
    [InlineData(CertificateStatus.Suspended)]
    public void Change_to_the_same_status_is_refused(CertificateStatus status)
    {
        var v = GiRules.CheckStatusChange(status, new ChangeStatus(status, "again", null), "GI X");
        Assert.Equal("gi.status-unchanged", Assert.Single(v).Rule);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \t")]
    public void Status_change_without_reason_is_refused(string reason)
    {
        var v = GiRules.CheckStatusChange(CertificateStatus.Active, new ChangeStatus(CertificateStatus.Suspended, reason, null), "GI X");
        Assert.Equal("input.reason", Assert.Single(v).Rule);
    }

    [Fact]
    public void Status_words_are_lower_case_english()
    {
        Assert.Equal("active", GiRules.Word(CertificateStatus.Active));
        Assert.Equal("suspended", GiRules.Word(CertificateStatus.Suspended));
        Assert.Equal("revoked", GiRules.Word(CertificateStatus.Revoked));
    }
}
