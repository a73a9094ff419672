using Nguon.Domain;
using Nguon.Domain.Certificates;
using Nguon.Domain.Farms;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

public class HarvestValidationTests
{
    private static readonly string ValidGtin = "1893456700123" + Gtin.CheckDigit("1893456700123");

    private static RecordHarvest Valid() => Harvest() with { Gtin = ValidGtin, Lot = "LN-2025-06-10" };

    private static string[] Rules(RecordHarvest h) => [.. HarvestDecisions.Check(h, Now).Select(v => v.Rule)];

    [Fact]
    public void Well_formed_harvest_passes()
    {
        Assert.Empty(Rules(Valid()));
        Assert.Empty(Rules(Valid() with { GiClaim = null, Gtin = null, Lot = null, Variety = null }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("H 2025")]
    [InlineData("-H")]
    public void Invalid_batch_code_is_refused(string code)
    {
        Assert.Equal(["input.id"], Rules(Valid() with { BatchCode = code }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Harvest_must_name_its_product(string product)
    {
        Assert.Equal(["input.product"], Rules(Valid() with { Product = product }));
    }

    [Fact]
    public void Harvest_quantity_must_be_positive_in_a_known_unit()
    {
        Assert.Equal(["quantity.not-positive"], Rules(Valid() with { Quantity = new(0m, "kg") }));
        Assert.Equal(["quantity.unit-unknown"], Rules(Valid() with { Quantity = new(5m, "sọt") }));
        Assert.Equal(["quantity.missing"], Rules(Valid() with { Quantity = null! }));
    }

    [Fact]
    public void Count_units_pass_basic_validation()
    {
        Assert.Empty(Rules(Valid() with { Quantity = new(40m, "crate") }));
    }

    [Fact]
    public void Gi_claim_must_be_a_valid_identifier()
    {
        Assert.Equal(["input.id"], Rules(Valid() with { GiClaim = "GI 00050" }));
    }

    [Fact]
    public void Harvest_more_than_ten_minutes_ahead_is_in_the_future()
    {
        Assert.Empty(Rules(Valid() with { HarvestedAt = Now.AddMinutes(10) }));
        Assert.Equal(["time.future"], Rules(Valid() with { HarvestedAt = Now.AddMinutes(11) }));
    }

    [Fact]
    public void Gtin_must_have_a_valid_length_and_check_digit()
    {
        Assert.Equal(["input.gtin"], Rules(Valid() with { Gtin = ValidGtin[..^1] + (ValidGtin[^1] == '0' ? '1' : '0') }));
        Assert.Equal(["input.gtin"], Rules(Valid() with { Gtin = "123" }));
        Assert.Empty(Rules(Valid() with { Gtin = "4006381333931" }));
    }

    [Fact]
    public void Lot_must_be_gs1_encodable()
    {
        Assert.Equal(["input.lot"], Rules(Valid() with { Lot = "lô 1" }));
        Assert.Equal(["input.lot"], Rules(Valid() with { Lot = "" }));
    }
}

public class CertificateValidationTests
{
    private static RegisterCertificate Valid() => new(
        Name: new LocalizedText("Vải thiều Lục Ngạn", "Luc Ngan lychee", "ルックガン・ライチ"),
        Product: "lychee",
        Varieties: ["Thiều"],
        Holder: "UBND huyện Lục Ngạn",
        ProtectedAreaGeoJson: LucNganArea,
        ValidFrom: At(2008, 1, 1),
        Specification: new Specification(10_000m, ["sugar ≥ 18 °Brix"]),
        ValidTo: null,
        ForeignRegistrations: [new ForeignRegistration("JP", "211", new DateOnly(2021, 3, 1))]);

    private static string[] Rules(RegisterCertificate c) => [.. CertificateDecisions.Check(c).Select(v => v.Rule)];

    [Fact]
    public void Well_formed_registration_passes()
    {
        Assert.Empty(Rules(Valid()));
        Assert.Empty(Rules(Valid() with
        {
            Name = new LocalizedText("Vải thiều Lục Ngạn", "Luc Ngan lychee", null),
            ForeignRegistrations = null,
        }));
    }

    [Fact]
    public void Name_needs_vietnamese_and_english()
    {
        Assert.Equal(["input.name"], Rules(Valid() with { Name = new LocalizedText("", "Luc Ngan lychee", null) }));
        Assert.Equal(["input.name"], Rules(Valid() with { Name = new LocalizedText("Vải thiều Lục Ngạn", " ", null) }));
        Assert.Equal(["input.name"], Rules(Valid() with { Name = null! }));
    }

    [Fact]
    public void Product_and_holder_are_required()
    {
        Assert.Equal(["input.product"], Rules(Valid() with { Product = "" }));
        Assert.Equal(["input.holder"], Rules(Valid() with { Holder = " " }));
    }

    [Fact]
    public void Protected_area_must_be_a_valid_polygon()
    {
        Assert.Equal(["input.geojson"], Rules(Valid() with { ProtectedAreaGeoJson = OrchardInLucNgan }));
        Assert.Equal(["input.geojson"], Rules(Valid() with { ProtectedAreaGeoJson = "{" }));
        var error = CertificateDecisions.Check(Valid() with { ProtectedAreaGeoJson = "" }).Single().Message;
        Assert.Equal("protected area: GeoJSON is missing", error);
    }

    [Fact]
    public void Validity_must_not_end_before_it_starts()
    {
        Assert.Equal(["input.validity"], Rules(Valid() with { ValidTo = At(2007, 12, 31) }));
        Assert.Empty(Rules(Valid() with { ValidTo = At(2008, 1, 1) }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Specification_needs_a_positive_maximum_yield(int maxYield)
    {
        Assert.Equal(["input.specification"], Rules(Valid() with { Specification = new Specification(maxYield, null) }));
        Assert.Equal(["input.specification"], Rules(Valid() with { Specification = null! }));
    }

    [Theory]
    [InlineData("jp", "211")]
    [InlineData("JPN", "211")]
    [InlineData("", "211")]
    [InlineData("JP", " ")]
    public void Foreign_registration_needs_an_iso_country_and_a_number(string country, string number)
    {
        Assert.Equal(["input.foreign-registration"],
            Rules(Valid() with { ForeignRegistrations = [new ForeignRegistration(country, number)] }));
    }
}
