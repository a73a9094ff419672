using Nguon.Domain;
using Nguon.Model;
using Xunit;

namespace Nguon.Tests.Domain;

public class UnitsTests
{
    [Theory]
    [InlineData("kg", true, true)]
    [InlineData("g", true, true)]
    [InlineData("t", true, true)]
    [InlineData("box", true, false)]
    [InlineData("crate", true, false)]
    [InlineData("carton", true, false)]
    [InlineData("pallet", true, false)]
    [InlineData("bag", true, false)]
    [InlineData("each", true, false)]
    [InlineData("KG", false, false)]
    [InlineData("lb", false, false)]
    [InlineData("", false, false)]
    public void Known_units_are_the_three_masses_and_the_counts(string unit, bool known, bool mass)
    {
        Assert.Equal(known, Units.IsKnown(unit));
        Assert.Equal(mass, Units.IsMass(unit));
    }

    [Fact]
    public void Null_unit_is_unknown()
    {
        Assert.False(Units.IsKnown(null));
    }

    [Fact]
    public void Masses_are_compatible_with_each_other_and_counts_only_with_themselves()
    {
        Assert.True(Units.Compatible("kg", "t"));
        Assert.True(Units.Compatible("g", "kg"));
        Assert.True(Units.Compatible("box", "box"));
        Assert.False(Units.Compatible("box", "crate"));
        Assert.False(Units.Compatible("kg", "box"));
    }

    [Theory]
    [InlineData(1.5, "t", "kg", 1500)]
    [InlineData(250, "g", "kg", 0.25)]
    [InlineData(2500, "kg", "t", 2.5)]
    [InlineData(1, "g", "t", 0.000001)]
    [InlineData(3, "t", "g", 3000000)]
    [InlineData(12, "crate", "crate", 12)]
    public void Amounts_convert_between_mass_units(double amount, string from, string to, double expected)
    {
        Assert.Equal((decimal)expected, Units.AmountIn(new Quantity((decimal)amount, from), to));
    }

    [Fact]
    public void Only_masses_convert_to_kilograms()
    {
        Assert.Equal(2_000m, Units.ToKg(new Quantity(2m, "t")));
        Assert.Equal(0.5m, Units.ToKg(new Quantity(500m, "g")));
        Assert.Equal(7m, Units.ToKg(new Quantity(7m, "kg")));
        Assert.Null(Units.ToKg(new Quantity(7m, "crate")));
    }

    [Fact]
    public void Well_formed_quantity_has_no_violation()
    {
        Assert.Null(Units.Check(new Quantity(0.001m, "t"), "x"));
        Assert.Null(Units.Check(new Quantity(3m, "pallet"), "x"));
    }

    [Fact]
    public void Missing_quantity_is_reported()
    {
        var v = Units.Check(null, "the harvest");
        Assert.Equal("quantity.missing", v!.Rule);
        Assert.StartsWith("the harvest", v.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Quantity_without_unit_is_reported(string unit)
    {
        Assert.Equal("quantity.unit-missing", Units.Check(new Quantity(1m, unit), "x")!.Rule);
        Assert.Equal("quantity.unit-missing", Units.Check(new Quantity(1m, null!), "x")!.Rule);
    }

    [Theory]
    [InlineData("Kg")]
    [InlineData("kilogram")]
    [InlineData("tấn")]
    public void Quantity_in_an_unknown_unit_is_reported(string unit)
    {
        var v = Units.Check(new Quantity(1m, unit), "x")!;
        Assert.Equal("quantity.unit-unknown", v.Rule);
        Assert.Contains($"'{unit}'", v.Message);
    }

    [Fact]
    public void Zero_is_refused_unless_allowed_and_negative_always()
    {
        Assert.Equal("quantity.not-positive", Units.Check(new Quantity(0m, "kg"), "x")!.Rule);
        Assert.Null(Units.Check(new Quantity(0m, "kg"), "x", allowZero: true));
        Assert.Equal("quantity.not-positive", Units.Check(new Quantity(-0.001m, "kg"), "x", allowZero: true)!.Rule);
    }
}
