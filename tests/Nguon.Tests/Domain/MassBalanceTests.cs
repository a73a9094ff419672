using Nguon.Domain;
using Nguon.Model;
using Xunit;

namespace Nguon.Tests.Domain;

public class MassBalanceTests
{
    /// <summary>A 1 000 kg harvest batch with <paramref name="remaining"/> kg left.</summary>
    internal static Batch Parent(decimal remaining = 1_000m, string unit = "kg", decimal amount = 1_000m) =>
        new ChainBuilder().Harvest("H-1", amount) with { Quantity = new Quantity(amount, unit), Remaining = remaining };

    private static SplitPart Part(string code, decimal amount, string unit = "kg") => new(code, new Quantity(amount, unit), null, null);

    private static string[] Rules(IEnumerable<Violation> v) => [.. v.Select(x => x.Rule)];

    [Fact]
    public void Split_within_remaining_passes()
    {
        Assert.Empty(MassBalance.CheckSplit(Parent(), [Part("A", 400m), Part("B", 600m)]));
    }

    [Fact]
    public void Split_exceeding_remaining_is_refused()
    {
        var v = MassBalance.CheckSplit(Parent(remaining: 900m), [Part("A", 400m), Part("B", 500.5m)]);
        Assert.Equal(["mass-balance.split"], Rules(v));
        Assert.Contains("900.5 kg", v[0].Message);
    }

    [Fact]
    public void Split_without_parts_is_refused()
    {
        Assert.Equal(["input.parts"], Rules(MassBalance.CheckSplit(Parent(), [])));
    }

    [Fact]
    public void Split_part_in_a_count_unit_does_not_match_a_mass_parent()
    {
        Assert.Equal(["quantity.unit-mismatch"], Rules(MassBalance.CheckSplit(Parent(), [Part("A", 10m, "crate")])));
    }

    [Fact]
    public void Split_of_a_count_parent_balances_only_in_the_same_count()
    {
        var parent = Parent(remaining: 20m, unit: "crate", amount: 20m);
        Assert.Empty(MassBalance.CheckSplit(parent, [Part("A", 20m, "crate")]));
        Assert.Equal(["quantity.unit-mismatch"], Rules(MassBalance.CheckSplit(parent, [Part("A", 5m, "box")])));
        Assert.Equal(["mass-balance.split"], Rules(MassBalance.CheckSplit(parent, [Part("A", 21m, "crate")])));
    }

    [Fact]
    public void Split_converts_tonnes_and_grams_into_the_parent_unit()
    {
        Assert.Empty(MassBalance.CheckSplit(Parent(), [Part("A", 0.5m, "t"), Part("B", 499_999m, "g"), Part("C", 0.001m)]));
        Assert.Equal(["mass-balance.split"], Rules(MassBalance.CheckSplit(Parent(), [Part("A", 0.5m, "t"), Part("B", 500_001m, "g")])));
    }

    [Fact]
    public void Split_of_a_parent_in_tonnes_converts_kilograms()
    {
        var parent = Parent(remaining: 2m, unit: "t", amount: 2m);
        Assert.Empty(MassBalance.CheckSplit(parent, [Part("A", 1_500m), Part("B", 500m)]));
        Assert.Equal(["mass-balance.split"], Rules(MassBalance.CheckSplit(parent, [Part("A", 2_000.001m)])));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Split_part_must_be_positive(int amount)
    {
        Assert.Equal(["quantity.not-positive"], Rules(MassBalance.CheckSplit(Parent(), [Part("A", amount)])));
    }

    [Fact]
    public void Split_part_in_an_unknown_unit_is_refused()
    {
        Assert.Equal(["quantity.unit-unknown"], Rules(MassBalance.CheckSplit(Parent(), [Part("A", 5m, "lb")])));
    }

    [Fact]
    public void Split_part_without_a_quantity_is_refused()
    {
        Assert.Equal(["quantity.missing"], Rules(MassBalance.CheckSplit(Parent(), [new SplitPart("A", null!, null, null)])));
    }

    [Fact]
    public void Take_within_available_passes()
    {
        Assert.Empty(MassBalance.CheckTake(Parent(), 300m, new Quantity(300m, "kg")));
        Assert.Empty(MassBalance.CheckTake(Parent(), 300m, new Quantity(0.3m, "t")));
    }

    [Fact]
    public void Take_above_available_is_refused()
    {
        var v = MassBalance.CheckTake(Parent(), 300m, new Quantity(300_001m, "g"));
        Assert.Equal(["mass-balance.take"], Rules(v));
        Assert.Contains("300 kg available", v[0].Message);
    }

    [Fact]
    public void Take_in_an_incompatible_unit_is_refused()
    {
        Assert.Equal(["quantity.unit-mismatch"], Rules(MassBalance.CheckTake(Parent(), 300m, new Quantity(3m, "box"))));
    }

    [Fact]
    public void Take_must_be_a_well_formed_positive_quantity()
    {
        Assert.Equal(["quantity.not-positive"], Rules(MassBalance.CheckTake(Parent(), 300m, new Quantity(0m, "kg"))));
        Assert.Equal(["quantity.unit-unknown"], Rules(MassBalance.CheckTake(Parent(), 300m, new Quantity(1m, "quintal"))));
    }

    [Fact]
    public void Merge_output_equal_to_the_sum_of_inputs_passes()
    {
        Assert.Empty(MassBalance.CheckOutput(OriginKind.Merge, [new(400m, "kg"), new(0.6m, "t")], new Quantity(1_000m, "kg"), null));
        Assert.Empty(MassBalance.CheckOutput(OriginKind.Merge, [new(400m, "kg"), new(600m, "kg")], new Quantity(1m, "t"), null));
    }

    [Theory]
    [InlineData(999.999)]
    [InlineData(1000.001)]
    public void Merge_output_different_from_the_sum_is_refused(double output)
    {
        var v = MassBalance.CheckOutput(OriginKind.Merge, [new(400m, "kg"), new(600m, "kg")], new Quantity((decimal)output, "kg"), null);
        Assert.Equal(["mass-balance.merge"], Rules(v));
    }

    [Fact]
    public void Transformation_output_within_inputs_times_yield_factor_passes()
    {
        // 1 000 kg of fresh lychee dries to at most 250 kg of dried lychee at a 0.25 yield factor.
        Assert.Empty(MassBalance.CheckOutput(OriginKind.Transformation, [new(1m, "t")], new Quantity(250m, "kg"), 0.25m));
        Assert.Empty(MassBalance.CheckOutput(OriginKind.Transformation, [new(1m, "t")], new Quantity(100m, "kg"), 0.25m));
    }

    [Fact]
    public void Transformation_output_above_inputs_times_yield_factor_is_refused()
    {
        var v = MassBalance.CheckOutput(OriginKind.Transformation, [new(1m, "t")], new Quantity(250.001m, "kg"), 0.25m);
        Assert.Equal(["mass-balance.transformation"], Rules(v));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.01)]
    public void Transformation_yield_factor_must_be_in_zero_to_one(double? factor)
    {
        var v = MassBalance.CheckOutput(OriginKind.Transformation, [new(1_000m, "kg")], new Quantity(1m, "kg"), (decimal?)factor);
        Assert.Equal(["mass-balance.yield-factor"], Rules(v));
    }

    [Fact]
    public void Transformation_yield_factor_of_exactly_one_is_allowed()
    {
        Assert.Empty(MassBalance.CheckOutput(OriginKind.Transformation, [new(1_000m, "kg")], new Quantity(1_000m, "kg"), 1m));
    }

    [Fact]
    public void Output_in_a_unit_incompatible_with_inputs_is_refused()
    {
        var v = MassBalance.CheckOutput(OriginKind.Merge, [new(10m, "crate"), new(10m, "crate")], new Quantity(20m, "box"), null);
        Assert.Equal(["quantity.unit-mismatch"], Rules(v));
    }

    [Fact]
    public void Output_must_be_a_well_formed_quantity()
    {
        Assert.Equal(["quantity.not-positive"], Rules(MassBalance.CheckOutput(OriginKind.Merge, [new(1m, "kg")], new Quantity(0m, "kg"), null)));
        Assert.Equal(["quantity.unit-unknown"], Rules(MassBalance.CheckOutput(OriginKind.Merge, [new(1m, "kg")], new Quantity(1m, "lb"), null)));
    }

    [Fact]
    public void Output_check_leaves_inputs_in_unknown_units_to_the_per_input_check()
    {
        Assert.Empty(MassBalance.CheckOutput(OriginKind.Merge, [new(1m, "lb"), new(1m, "kg")], new Quantity(5m, "kg"), null));
    }

    [Fact]
    public void Audit_of_a_balanced_batch_passes()
    {
        var b = new ChainBuilder();
        b.Harvest("H-1", 1_000m);
        b.Split("H-1", ("A", 400m), ("B", 0.6m * 1_000m));
        Assert.Empty(MassBalance.Audit(b["H-1"]));
        Assert.Empty(MassBalance.Audit(b["A"]));
    }

    [Fact]
    public void Audit_allows_less_remaining_than_not_taken()
    {
        // Partial destruction or loss reduces what is left without a child.
        Assert.Empty(MassBalance.Audit(Parent(remaining: 10m)));
    }

    [Fact]
    public void Audit_counts_children_in_converted_units()
    {
        var batch = Parent(remaining: 0m) with { Children = [new("A", new Quantity(0.5m, "t")), new("B", new Quantity(500_000m, "g"))] };
        Assert.Empty(MassBalance.Audit(batch));
    }

    [Fact]
    public void Audit_finds_children_taking_more_than_the_batch_had()
    {
        var batch = Parent(remaining: 0m) with { Children = [new("A", new Quantity(600m, "kg")), new("B", new Quantity(0.5m, "t"))] };
        Assert.Equal(["mass-balance.audit"], Rules(MassBalance.Audit(batch)));
    }

    [Fact]
    public void Audit_finds_negative_remaining()
    {
        Assert.Equal(["mass-balance.audit"], Rules(MassBalance.Audit(Parent(remaining: -1m))));
    }

    [Fact]
    public void Audit_finds_remaining_above_what_children_left()
    {
        var batch = Parent(remaining: 700m) with { Children = [new("A", new Quantity(400m, "kg"))] };
        Assert.Equal(["mass-balance.audit"], Rules(MassBalance.Audit(batch)));
    }
}
