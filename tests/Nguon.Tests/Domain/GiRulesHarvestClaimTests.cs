using CsCheck;
using Nguon.Domain;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

public class GiRulesHarvestClaimTests
{
    private static List<Violation> Check(Farm? farm = null, Certificate? cert = null, RecordHarvest? harvest = null,
        decimal seasonKgSoFar = 0m, DateTimeOffset? now = null, bool noCertificate = false) =>
        GiRules.CheckHarvestClaim(
            farm ?? Farm(), noCertificate ? null : cert ?? Certificate(), harvest ?? Harvest(), seasonKgSoFar, now ?? Now);

    private static string[] Rules(IEnumerable<Violation> v) => [.. v.Select(x => x.Rule)];

    [Fact]
    public void Valid_claim_from_authorised_farm_inside_area_has_no_violation()
    {
        Assert.Empty(Check());
    }

    [Fact]
    public void Harvest_without_claim_is_not_checked_at_all()
    {
        Assert.Empty(Check(farm: Farm(HaNoi), harvest: Harvest(gi: null, product: "longan", amount: 1_000_000m), noCertificate: true));
    }

    [Fact]
    public void Unknown_certificate_is_reported_alone()
    {
        Assert.Equal(["gi.certificate-unknown"], Rules(Check(noCertificate: true)));
    }

    [Fact]
    public void Certificate_expired_before_harvest_is_not_valid()
    {
        var cert = Certificate() with { ValidTo = At(2024, 12, 31) };
        Assert.Equal(["gi.certificate-not-valid"], Rules(Check(cert: cert)));
    }

    [Fact]
    public void Certificate_not_yet_valid_at_harvest_is_not_valid()
    {
        var cert = Certificate() with { ValidFrom = At(2025, 6, 11) };
        Assert.Equal(["gi.certificate-not-valid"], Rules(Check(cert: cert)));
    }

    [Fact]
    public void Certificate_valid_until_the_harvest_instant_is_still_valid()
    {
        Assert.Empty(Check(cert: Certificate() with { ValidTo = HarvestTime }));
    }

    [Fact]
    public void Certificate_expired_after_harvest_still_covers_that_harvest()
    {
        Assert.Empty(Check(cert: Certificate() with { ValidTo = At(2025, 6, 30) }));
    }

    [Fact]
    public void Certificate_suspended_at_harvest_time_is_inactive()
    {
        var v = Check(cert: Certificate(Change(At(2025, 6, 1), CertificateStatus.Suspended, "pesticide residue")));
        var only = Assert.Single(v);
        Assert.Equal("gi.certificate-inactive", only.Rule);
        Assert.Contains("suspended", only.Message);
        Assert.Contains("pesticide residue", only.Message);
    }

    [Fact]
    public void Certificate_revoked_at_harvest_time_is_inactive()
    {
        var v = Check(cert: Certificate(Change(At(2025, 1, 1), CertificateStatus.Revoked)));
        Assert.Equal(["gi.certificate-inactive"], Rules(v));
        Assert.Contains("revoked", v[0].Message);
    }

    [Fact]
    public void Certificate_suspended_now_though_active_at_harvest_is_still_reported()
    {
        var v = Check(cert: Certificate(Change(At(2025, 6, 20), CertificateStatus.Suspended, "label fraud")));
        var only = Assert.Single(v);
        Assert.Equal("gi.certificate-inactive", only.Rule);
        Assert.Contains("suspended", only.Message);
        Assert.Contains("label fraud", only.Message);
    }

    /// <summary>The message labels the suspension time "UTC", so it must be converted to UTC first.</summary>
    [Fact]
    public void Suspension_time_in_the_message_is_converted_to_utc()
    {
        var v = Check(cert: Certificate(Change(At(2025, 6, 20, 9), CertificateStatus.Suspended, "label fraud")));
        Assert.Contains("since 2025-06-20 02:00 UTC", Assert.Single(v).Message);
    }

    [Fact]
    public void Certificate_suspended_and_reinstated_before_harvest_is_usable()
    {
        var cert = Certificate(Change(At(2025, 3, 1), CertificateStatus.Suspended), Change(At(2025, 4, 1), CertificateStatus.Active));
        Assert.Empty(Check(cert: cert));
    }

    [Fact]
    public void Suspension_scheduled_after_now_does_not_count_yet()
    {
        Assert.Empty(Check(cert: Certificate(Change(At(2025, 8, 1), CertificateStatus.Suspended))));
    }

    [Fact]
    public void Farm_without_authorisation_for_this_gi_is_not_authorised()
    {
        var other = Authorisation() with { GiNumber = "VN-GI-00099" };
        Assert.Equal(["gi.farm-not-authorised"], Rules(Check(farm: Farm(OrchardInLucNgan, other))));
    }

    [Fact]
    public void Farm_authorised_only_after_harvest_is_not_authorised()
    {
        var late = Authorisation() with { ValidFrom = At(2025, 6, 15) };
        Assert.Equal(["gi.farm-not-authorised"], Rules(Check(farm: Farm(OrchardInLucNgan, late))));
    }

    [Fact]
    public void Farm_authorisation_expired_before_harvest_is_not_authorised()
    {
        var expired = Authorisation() with { ValidTo = At(2024, 12, 31) };
        Assert.Equal(["gi.farm-not-authorised"], Rules(Check(farm: Farm(OrchardInLucNgan, expired))));
    }

    [Fact]
    public void Authorisation_suspended_at_harvest_is_inactive()
    {
        var suspended = Authorisation(Change(At(2025, 5, 1), CertificateStatus.Suspended, "orchard sold"));
        var only = Assert.Single(Check(farm: Farm(OrchardInLucNgan, suspended)));
        Assert.Equal("gi.authorisation-inactive", only.Rule);
        Assert.Contains("suspended", only.Message);
    }

    [Fact]
    public void Authorisation_revoked_after_harvest_is_still_reported()
    {
        var revoked = Authorisation(Change(At(2025, 6, 25), CertificateStatus.Revoked, "fraud"));
        var only = Assert.Single(Check(farm: Farm(OrchardInLucNgan, revoked)));
        Assert.Equal("gi.authorisation-inactive", only.Rule);
        Assert.Contains("revoked", only.Message);
    }

    [Fact]
    public void Authorisation_suspended_then_reinstated_before_harvest_is_fine()
    {
        var auth = Authorisation(Change(At(2025, 2, 1), CertificateStatus.Suspended), Change(At(2025, 3, 1), CertificateStatus.Active));
        Assert.Empty(Check(farm: Farm(OrchardInLucNgan, auth)));
    }

    /// <summary>The farm grain applies a status change to the farm's last authorisation for the GI; a farm
    /// re-authorised while an older open-ended authorisation is still on record must not escape the suspension.</summary>
    [Fact]
    public void Suspension_of_the_latest_authorisation_is_reported_even_when_an_older_one_overlaps()
    {
        var older = Authorisation();
        var renewed = Authorisation(Change(At(2025, 5, 1), CertificateStatus.Suspended)) with
        {
            ValidFrom = At(2024, 1, 1),
            DecisionReference = "QĐ-456/UBND",
        };
        Assert.Contains("gi.authorisation-inactive", Rules(Check(farm: Farm(OrchardInLucNgan, older, renewed))));
    }

    [Fact]
    public void Farm_in_Ha_Noi_is_outside_the_Luc_Ngan_area()
    {
        var v = Check(farm: Farm(HaNoi));
        Assert.Equal(["gi.outside-area"], Rules(v));
        Assert.Contains(FarmCode, v[0].Message);
    }

    [Fact]
    public void Farm_polygon_inside_the_area_is_accepted()
    {
        Assert.Empty(Check(farm: Farm(OrchardPolygonInLucNgan)));
    }

    [Fact]
    public void Farm_polygon_crossing_the_area_boundary_is_outside()
    {
        Assert.Equal(["gi.outside-area"], Rules(Check(farm: Farm(OrchardPolygonAcrossBoundary))));
    }

    [Fact]
    public void Other_product_than_the_certificate_is_a_mismatch()
    {
        Assert.Equal(["gi.product-mismatch"], Rules(Check(harvest: Harvest(product: "longan"))));
    }

    [Fact]
    public void Product_comparison_ignores_case()
    {
        Assert.Empty(Check(harvest: Harvest(product: "Lychee")));
    }

    [Fact]
    public void Variety_outside_the_certificate_list_is_a_mismatch()
    {
        Assert.Equal(["gi.variety-mismatch"], Rules(Check(harvest: Harvest(variety: "U Hồng"))));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("hùng long")]
    public void Listed_or_unnamed_variety_is_accepted(string? variety)
    {
        Assert.Empty(Check(harvest: Harvest(variety: variety)));
    }

    [Fact]
    public void Certificate_without_variety_list_accepts_any_variety()
    {
        Assert.Empty(Check(cert: Certificate() with { Varieties = [] }, harvest: Harvest(variety: "U Hồng")));
    }

    [Fact]
    public void Season_total_above_area_times_max_yield_is_exceeded()
    {
        var v = Check(seasonKgSoFar: 19_500m, harvest: Harvest(amount: 501m));
        Assert.Equal(["gi.yield-exceeded"], Rules(v));
        Assert.Contains("20001 kg", v[0].Message);
        Assert.Contains("20000 kg", v[0].Message);
    }

    [Fact]
    public void Season_total_exactly_at_the_limit_is_allowed()
    {
        Assert.Empty(Check(seasonKgSoFar: 19_000m, harvest: Harvest(amount: 1_000m)));
    }

    [Fact]
    public void Yield_limit_converts_tonnes_and_grams_to_kilograms()
    {
        Assert.Empty(Check(seasonKgSoFar: 19_000m, harvest: Harvest(amount: 1m, unit: "t")));
        Assert.Equal(["gi.yield-exceeded"], Rules(Check(seasonKgSoFar: 19_000m, harvest: Harvest(amount: 1.001m, unit: "t"))));
        Assert.Equal(["gi.yield-exceeded"], Rules(Check(seasonKgSoFar: 20_000m, harvest: Harvest(amount: 1m, unit: "g"))));
    }

    [Fact]
    public void Gi_harvest_in_a_count_unit_is_refused_and_not_yield_checked()
    {
        Assert.Equal(["gi.unit-not-mass"], Rules(Check(seasonKgSoFar: 1_000_000m, harvest: Harvest(amount: 50m, unit: "crate"))));
    }

    [Fact]
    public void Every_broken_rule_is_reported_together()
    {
        var v = Check(farm: Farm(HaNoi, Authorisation() with { GiNumber = "other" }),
            cert: Certificate(Change(At(2025, 1, 1), CertificateStatus.Suspended)) with { ValidTo = At(2024, 1, 1) },
            harvest: Harvest(product: "longan", amount: 30m, unit: "t"));
        Assert.Equal(["gi.certificate-not-valid", "gi.certificate-inactive", "gi.farm-not-authorised", "gi.outside-area",
            "gi.product-mismatch", "gi.yield-exceeded"], Rules(v));
    }

    [Fact]
    public void Yield_rule_holds_for_any_season_total_and_harvest()
    {
        Gen.Select(Gen.Decimal[0m, 25_000m], Gen.Decimal[0.001m, 25_000m]).Sample((soFar, kg) =>
        {
            var exceeded = Rules(Check(seasonKgSoFar: soFar, harvest: Harvest(amount: kg))).Contains("gi.yield-exceeded");
            Assert.Equal(soFar + kg > GiRules.SeasonLimitKg(Farm(), Certificate()), exceeded);
        });
    }

    [Fact]
    public void Season_limit_is_area_times_maximum_yield()
    {
        Assert.Equal(20_000m, GiRules.SeasonLimitKg(Farm(), Certificate()));
        Assert.Equal(5_000m, GiRules.SeasonLimitKg(Farm() with { AreaHa = 0.5m }, Certificate()));
    }
}
