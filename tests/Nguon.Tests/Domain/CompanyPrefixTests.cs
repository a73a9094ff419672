using Nguon.Domain;
using Nguon.Domain.Batches;
using Nguon.Domain.Products;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

/// <summary>GS1 Company Prefixes and product master data, decided without a cluster: who may register and license a
/// prefix, that prefixes never overlap, that a lot's GTIN must lie under a prefix its labeller holds or is licensed for,
/// and that only the brand owner describes its GTINs.</summary>
public sealed class CompanyPrefixTests
{
    private static readonly Actor Admin = new("admin", [Role.Admin]);
    private static readonly Actor Brand = new("ph-lucngan-01", [Role.Operator]);
    private static readonly Actor Squatter = new("trader-thanhha", [Role.Producer]);
    private static readonly Organisation BrandOrg = new(Brand.Organisation, "Packer", [Role.Operator], null, "VN", Now);
    private const string Gtin = "08935000100011";

    private static CompanyPrefix Held(string prefix = "893500010", params string[] licensees) =>
        new(prefix, Brand.Organisation, "GS1VN-1", Now, [.. licensees.Select(l => new PrefixLicence(l, "HĐ-1", Brand.Organisation, Now))]);

    [Fact]
    public void Only_an_administrator_registers_a_prefix_of_6_to_12_digits_with_its_licence_to_a_registered_organisation()
    {
        Assert.True(CompanyPrefixDecisions.Register([], "893500010", new("ph-lucngan-01", "GS1VN-1"), BrandOrg, Admin, Now).IsOk);
        Assert.Equal(OutcomeStatus.Forbidden, CompanyPrefixDecisions.Register([], "893500010", new("ph-lucngan-01", "GS1VN-1"), BrandOrg,
            Brand, Now).Status);
        var bad = CompanyPrefixDecisions.Register([], "89350", new("bad id!", " "), null, Admin, Now);
        Assert.Equal(["input.prefix", "input.id", "input.licence"], bad.Violations.Select(v => v.Rule));
        Assert.Equal("organisation.unknown",
            CompanyPrefixDecisions.Register([], "893500010", new("nobody", "L"), null, Admin, Now).Violations[0].Rule);
    }

    [Theory]
    [InlineData("89350001")] // shorter: would cover the held prefix
    [InlineData("8935000101")] // longer: lies inside the held prefix
    public void Prefixes_never_overlap_so_a_GTIN_has_one_brand_owner(string prefix)
    {
        var refused = CompanyPrefixDecisions.Register([Held()], prefix, new(Squatter.Organisation, "L"), BrandOrg, Admin, Now);
        Assert.Equal((OutcomeStatus.Conflict, "prefix.overlaps"), (refused.Status, refused.Violations[0].Rule));
        var again = CompanyPrefixDecisions.Register([Held()], "893500010", new(Brand.Organisation, "GS1VN-1"), BrandOrg, Admin, Now);
        Assert.Equal((Held().Prefix, Held().Holder), (again.Value!.Prefix, again.Value.Holder)); // answered again, not duplicated
        Assert.Equal("prefix.exists",
            CompanyPrefixDecisions.Register([Held()], "893500010", new(Squatter.Organisation, "L"), BrandOrg, Admin, Now).Violations[0].Rule);
    }

    [Fact]
    public void The_holder_or_an_administrator_licenses_others_and_nobody_else()
    {
        var retailer = new Organisation("vn-retail", "Retail", [Role.Retailer], null, "VN", Now);
        var granted = CompanyPrefixDecisions.License(Held(), "893500010", new("vn-retail", "HĐ-1"), retailer, Brand, Now);
        Assert.True(granted.Value!.MayLabel("vn-retail"));
        Assert.Equal(OutcomeStatus.Forbidden,
            CompanyPrefixDecisions.License(Held(), "893500010", new(Squatter.Organisation, "self"), retailer, Squatter, Now).Status);
        Assert.True(CompanyPrefixDecisions.License(Held(), "893500010", new("vn-retail", "HĐ-1"), retailer, Admin, Now).IsOk);
        Assert.Equal(OutcomeStatus.NotFound, CompanyPrefixDecisions.License(null, "893500010", new("vn-retail", "x"), retailer, Admin, Now).Status);
    }

    [Fact]
    public void A_lot_carries_a_GTIN_only_under_a_prefix_its_labeller_holds_or_is_licensed_for()
    {
        var prefixes = new Dictionary<string, CompanyPrefix> { [Gtin] = Held("893500010", "vn-retail") };
        Assert.Empty(LabelRules.CheckLabeller(Brand.Organisation, [Gtin, null], prefixes));
        Assert.Empty(LabelRules.CheckLabeller("vn-retail", ["8935000100011"], prefixes)); // GTIN-13 spelling of the same GTIN
        var squat = Assert.Single(LabelRules.CheckLabeller(Squatter.Organisation, [Gtin], prefixes));
        Assert.Equal("label.prefix", squat.Rule);
        Assert.Contains("held by ph-lucngan-01", squat.Message, StringComparison.Ordinal);
        var unknown = Assert.Single(LabelRules.CheckLabeller(Brand.Organisation, ["4006381333931"], prefixes));
        Assert.Contains("no GS1 Company Prefix registered", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("893500010", CompanyPrefixDecisions.ForGtin([Held("893500011"), Held()], Gtin)!.Prefix);
    }

    [Fact]
    public void A_harvest_and_a_merge_under_someone_elses_GTIN_are_refused_with_the_prefix_rule()
    {
        var combine = new CombineBatches("M-1", Now, [new("H-1", new(1m, "kg")), new("H-2", new(1m, "kg"))], Gtin: Gtin, Lot: "L1");
        var prefixes = new Dictionary<string, CompanyPrefix> { [Gtin] = Held() };
        Assert.Equal(["label.prefix"], CombineDecisions.Request("M-1", combine, Squatter, new Dictionary<string, string>(), prefixes, new Dictionary<string, string>())
            .Violations.Select(v => v.Rule));
        Assert.True(CombineDecisions.Request("M-1", combine, Brand, new Dictionary<string, string>(), prefixes, new Dictionary<string, string>()).IsOk);
    }

    [Fact]
    public void Only_the_brand_owner_describes_its_GTIN_and_the_GI_must_protect_that_product()
    {
        var body = new RegisterProduct(new("Vải thiều Lục Ngạn", "Luc Ngan lychee"), "lychee", new(5m, "kg"), null, Certificate().Number);
        var product = ProductDecisions.Register(null, "8935000100011", body, Held(), Certificate(), Brand, Now).Value!;
        Assert.Equal((Gtin, Brand.Organisation, Certificate().Name), (product.Gtin, product.BrandOwner, product.GiName));
        Assert.Equal(OutcomeStatus.Forbidden, ProductDecisions.Register(null, Gtin, body, Held(), Certificate(), Squatter,
            Now).Status);
        Assert.Equal(OutcomeStatus.Forbidden, ProductDecisions.Register(null, Gtin, body, null, Certificate(), Brand, Now).Status);
        Assert.Equal(["product.gi-product"], ProductDecisions.Register(null, Gtin, body with { Product = "longan" }, Held(), Certificate(),
            Brand, Now).Violations.Select(v => v.Rule));
        Assert.Equal(["certificate.unknown"], ProductDecisions.Register(null, Gtin, body, Held(), null, Brand, Now).Violations.Select(v => v.Rule));
        Assert.Equal(["input.name", "input.image"], ProductDecisions.Register(null, Gtin,
            body with { Name = new("", "x"), Image = "javascript:alert(1)" }, Held(), Certificate(), Brand, Now).Violations.Select(v => v.Rule));
    }
}
