using CsCheck;
using Nguon.Domain;
using Nguon.Model;
using Xunit;

namespace Nguon.Tests.Domain;

/// <summary>Mass balance over random quantities: the rules accept exactly what balances.</summary>
public class MassBalancePropertyTests
{
    private static readonly Gen<string> MassUnit = Gen.OneOf<string>("kg", "g", "t");

    private static readonly Gen<Quantity> MassQuantity =
        Gen.Select(Gen.Decimal[0.001m, 2_000m], MassUnit, (amount, unit) => new Quantity(decimal.Round(amount, 3), unit));

    private static decimal Kg(Quantity q) => Units.ToKg(q)!.Value;

    private static bool Has(IEnumerable<Violation> v, string rule) => v.Any(x => x.Rule == rule);

    [Fact]
    public void Split_parts_in_kilograms_are_accepted_exactly_when_they_fit_the_remaining()
    {
        Gen.Select(Gen.Decimal[0.001m, 1_000m].Array[1, 10], Gen.Decimal[0m, 5_000m]).Sample((amounts, remaining) =>
        {
            var parent = MassBalanceTests.Parent(remaining: remaining, amount: 5_000m);
            var parts = amounts.Select((a, i) => new SplitPart($"P-{i}", new Quantity(a, "kg"), null, null)).ToList();
            var v = MassBalance.CheckSplit(parent, parts);
            if (amounts.Sum() <= remaining) Assert.Empty(v);
            else Assert.Equal("mass-balance.split", Assert.Single(v).Rule);
        });
    }

    [Fact]
    public void Split_parts_in_mixed_mass_units_balance_in_kilograms()
    {
        Gen.Select(MassQuantity.Array[1, 8], Gen.Decimal[0m, 10_000m]).Sample((quantities, remaining) =>
        {
            var parent = MassBalanceTests.Parent(remaining: remaining, amount: 10_000m);
            var v = MassBalance.CheckSplit(parent, [.. quantities.Select((q, i) => new SplitPart($"P-{i}", q, null, null))]);
            Assert.Equal(quantities.Sum(Kg) > remaining, Has(v, "mass-balance.split"));
            Assert.Equal(quantities.Sum(Kg) > remaining ? 1 : 0, v.Count);
        });
    }

    [Fact]
    public void Split_into_the_exact_remaining_is_accepted()
    {
        Gen.Decimal[0.001m, 1_000m].Array[1, 10].Sample(amounts =>
        {
            var parent = MassBalanceTests.Parent(remaining: amounts.Sum(), amount: 10_000m);
            Assert.Empty(MassBalance.CheckSplit(parent, [.. amounts.Select((a, i) => new SplitPart($"P-{i}", new Quantity(a, "kg"), null, null))]));
        });
    }

    [Fact]
    public void Take_is_accepted_exactly_when_it_fits_what_is_available()
    {
        Gen.Select(MassQuantity, Gen.Decimal[0m, 2_000m]).Sample((take, available) =>
        {
            var v = MassBalance.CheckTake(MassBalanceTests.Parent(), available, take);
            Assert.Equal(Kg(take) > available, Has(v, "mass-balance.take"));
            Assert.Equal(Kg(take) > available ? 1 : 0, v.Count);
        });
    }

    [Fact]
    public void Merge_output_equal_to_the_converted_sum_is_accepted()
    {
        Gen.Select(MassQuantity.Array[2, 10], MassUnit).Sample((takes, unit) =>
        {
            var total = takes.Sum(t => Units.AmountIn(t, unit));
            Assert.Empty(MassBalance.CheckOutput(OriginKind.Merge, takes, new Quantity(total, unit), null));
        });
    }

    [Fact]
    public void Merge_output_off_by_any_amount_is_refused()
    {
        Gen.Select(MassQuantity.Array[2, 10], Gen.Decimal[0.001m, 100m], Gen.Bool).Sample((takes, delta, more) =>
        {
            var total = takes.Sum(Kg) + (more ? delta : -delta);
            if (total <= 0) return;
            var v = MassBalance.CheckOutput(OriginKind.Merge, takes, new Quantity(total, "kg"), null);
            Assert.Equal("mass-balance.merge", Assert.Single(v).Rule);
        });
    }

    [Fact]
    public void Transformation_output_is_accepted_exactly_up_to_inputs_times_yield_factor()
    {
        Gen.Select(MassQuantity.Array[1, 10], Gen.Decimal[0.01m, 1m], Gen.Decimal[0.001m, 20_000m]).Sample((takes, factor, output) =>
        {
            var v = MassBalance.CheckOutput(OriginKind.Transformation, takes, new Quantity(output, "kg"), factor);
            var allowed = output <= takes.Sum(Kg) * factor;
            Assert.Equal(allowed ? 0 : 1, v.Count);
            if (!allowed) Assert.Equal("mass-balance.transformation", v[0].Rule);
        });
    }

    [Fact]
    public void Audit_balances_after_any_sequence_of_splits()
    {
        Gen.Decimal[1m, 300m].Array[1, 6].Sample(parts =>
        {
            var b = new ChainBuilder();
            b.Harvest("H-1", 2_000m);
            var left = 2_000m;
            foreach (var (p, i) in parts.Select((p, i) => (decimal.Round(p, 2), i)))
            {
                if (p > left) continue;
                left -= p;
                b.Split("H-1", ($"C-{i}", p));
            }
            Assert.Equal(left, b["H-1"].Remaining);
            Assert.Empty(MassBalance.Audit(b["H-1"]));
        });
    }
}
