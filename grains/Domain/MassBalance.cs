using Nguon.Model;

namespace Nguon.Domain;

/// <summary>Mass balance: what leaves a batch never exceeds what it has left, and nothing goes negative.</summary>
public static class MassBalance
{
    /// <summary>Split: every part well formed, in a unit compatible with the parent, and the parts together
    /// no more than the parent's remaining quantity.</summary>
    public static List<Violation> CheckSplit(Batch parent, IReadOnlyList<SplitPart> parts)
    {
        var v = new List<Violation>();
        if (parts.Count == 0) v.Add(new("input.parts", "a split needs at least one part"));
        decimal total = 0;
        foreach (var part in parts)
        {
            if (Units.Check(part.Quantity, $"part {part.BatchCode}") is { } bad) { v.Add(bad); continue; }
            if (!Units.Compatible(part.Quantity.Unit, parent.Quantity.Unit))
            {
                v.Add(new("quantity.unit-mismatch",
                    $"part {part.BatchCode} is in {part.Quantity.Unit} but {parent.Code} is in {parent.Quantity.Unit}"));
                continue;
            }
            total += Units.AmountIn(part.Quantity, parent.Quantity.Unit);
        }
        if (total > parent.Remaining)
            v.Add(new("mass-balance.split", $"the parts total {EventHashing.Number(total)} {parent.Quantity.Unit} but {parent.Code} "
                + $"has only {EventHashing.Number(parent.Remaining)} {parent.Quantity.Unit} left"));
        return v;
    }

    /// <summary>Taking from one input of a merge or transformation: no more than it has available.</summary>
    public static List<Violation> CheckTake(Batch input, decimal available, Quantity take)
    {
        var v = new List<Violation>();
        if (Units.Check(take, $"the quantity taken from {input.Code}") is { } bad) { v.Add(bad); return v; }
        if (!Units.Compatible(take.Unit, input.Quantity.Unit))
            v.Add(new("quantity.unit-mismatch", $"{input.Code} is in {input.Quantity.Unit}, cannot take {take.Unit}"));
        else if (Units.AmountIn(take, input.Quantity.Unit) > available)
            v.Add(new("mass-balance.take",
                $"cannot take {take} from {input.Code}: only {EventHashing.Number(available)} {input.Quantity.Unit} available"));
        return v;
    }

    /// <summary>The output of a merge (exactly the sum of its inputs) or of a transformation (at most the inputs
    /// times the declared yield factor). Inputs must share a unit family with the output.</summary>
    public static List<Violation> CheckOutput(OriginKind kind, IReadOnlyList<Quantity> takes, Quantity output, decimal? yieldFactor)
    {
        var v = new List<Violation>();
        if (Units.Check(output, "the output") is { } bad) { v.Add(bad); return v; }
        if (takes.Any(t => !Units.IsKnown(t.Unit))) return v; // reported per input already
        if (takes.Any(t => !Units.Compatible(t.Unit, output.Unit)))
        {
            v.Add(new("quantity.unit-mismatch", $"inputs and output ({output.Unit}) are in incompatible units"));
            return v;
        }
        var inputTotal = takes.Sum(t => Units.AmountIn(t, output.Unit));
        if (kind == OriginKind.Merge)
        {
            if (output.Amount != inputTotal)
                v.Add(new("mass-balance.merge",
                    $"a merge's output ({output}) must equal the sum of its inputs ({EventHashing.Number(inputTotal)} {output.Unit})"));
        }
        else if (yieldFactor is not { } factor || factor <= 0 || factor > 1)
            v.Add(new("mass-balance.yield-factor", "a transformation declares a yield factor greater than 0 and at most 1"));
        else if (output.Amount > inputTotal * factor)
            v.Add(new("mass-balance.transformation", $"output {output} exceeds inputs {EventHashing.Number(inputTotal)} {output.Unit}"
                + $" × yield factor {EventHashing.Number(factor)}"));
        return v;
    }

    /// <summary>Audit of one batch in a trace: its children together never took more than it had.</summary>
    public static IEnumerable<Violation> Audit(Batch batch)
    {
        var taken = batch.Children.Where(c => Units.Compatible(c.Quantity.Unit, batch.Quantity.Unit))
            .Sum(c => Units.AmountIn(c.Quantity, batch.Quantity.Unit));
        if (taken > batch.Quantity.Amount || batch.Remaining < 0 || batch.Remaining > batch.Quantity.Amount - taken)
            yield return new("mass-balance.audit", $"{batch.Code} does not balance: {EventHashing.Number(batch.Quantity.Amount)} "
                + $"{batch.Quantity.Unit} in, {EventHashing.Number(taken)} taken by children, {EventHashing.Number(batch.Remaining)} left");
    }
}
