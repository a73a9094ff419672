using Nguon.Domain.Organisations;
using Nguon.Model;

namespace Nguon.Domain.Batches;

/// <summary>Merges (output = the sum of the inputs) and transformations (output ≤ inputs × yield factor). The output
/// grain decides the request, reserves a take on every input (each input decides its own take), decides the output
/// from the reserved inputs, then commits the takes and creates itself.</summary>
public static class CombineDecisions
{
    /// <summary>The request before anything is reserved: its shape, the codes, the label (and who holds it).</summary>
    /// <returns>The takes to reserve.</returns>
    public static Outcome<IReadOnlyList<QuantityLink>> Request(string code, CombineBatches command, Actor actor,
        IReadOnlyDictionary<string, string> labelHolders, IReadOnlyDictionary<string, CompanyPrefix> prefixes,
        IReadOnlyDictionary<string, string> codeSpaceHolders)
    {
        var inputs = command.Inputs ?? [];
        var merge = command.Kind == OriginKind.Merge;
        var v = new List<Violation>();
        if (command.Kind is not (OriginKind.Merge or OriginKind.Transformation))
            v.Add(new("input.kind", "combine is a merge or a transformation"));
        if (inputs.Count < (merge ? 2 : 1) || inputs.Count > BatchRules.MaxInputs)
            v.Add(new("input.inputs", $"a {(merge ? "merge takes 2" : "transformation takes 1")} to {BatchRules.MaxInputs} inputs"));
        v.AddRange(inputs.Select(i => InputRules.Id(i.Batch, "batch code")).OfType<Violation>());
        v.AddRange(inputs.Select(i => Units.Check(i.Quantity, $"the quantity taken from {i.Batch}")).OfType<Violation>());
        v.AddRange(InputRules.Label(command.Gtin, command.Lot));
        v.AddRange(BatchRules.CheckLineage(code, [.. inputs.Select(i => i.Batch)]));
        if (command.Kind == OriginKind.Transformation && (command.Output is null || string.IsNullOrWhiteSpace(command.Product)))
            v.Add(new("input.output", "a transformation names its output product and quantity"));
        v.AddRange(LabelRules.CheckTaken([(code, command.Gtin, command.Lot)], labelHolders));
        v.AddRange(LabelRules.CheckLabeller(actor.Organisation, [command.Gtin], prefixes));
        v.AddRange(CodeSpaces.Check(actor, [code], codeSpaceHolders));
        return v.Count > 0 ? Outcome<IReadOnlyList<QuantityLink>>.Rejected(v) : Outcome<IReadOnlyList<QuantityLink>>.Ok(inputs);
    }

    /// <summary>One input's take for a merge or transformation in custody of <paramref name="actor"/>.</summary>
    /// <param name="available">What the input has left after takes promised to other merges in progress.</param>
    /// <returns>The take in the input's own unit.</returns>
    public static Outcome<decimal> Take(Batch input, DateTimeOffset createdEventTime, decimal available, Quantity take,
        DateTimeOffset eventTime, Actor actor, DateTimeOffset now)
    {
        if (Permissions.Custodian(actor, input, $"use {input.Code} as an input") is { } denied) return Outcome<decimal>.Forbidden(denied);
        var v = BatchRules.CheckCanRecord(input, eventTime, createdEventTime, now);
        if (input.Status == BatchStatus.InTransit) v.Add(BatchRules.InTransit(input, "used as an input"));
        if (input.Children.Count >= BatchRules.MaxChildren)
            v.Add(new("input.parts", $"{input.Code} already has {BatchRules.MaxChildren} children"));
        v.AddRange(MassBalance.CheckTake(input, available, take));
        return v.Count > 0 ? Outcome<decimal>.Rejected(v) : Outcome<decimal>.Ok(Units.AmountIn(take, input.Quantity.Unit));
    }

    /// <summary>The output, from every input's reservation: a refused input refuses the whole command (the first
    /// input that forbids it answers for all); otherwise the output balances, is of one product (a merge), one
    /// custody, and claims a GI only if every input does.</summary>
    public static Outcome<CombinePlan> Output(string code, CombineBatches command, string operationId,
        IReadOnlyList<Outcome<Batch>> reserved)
    {
        if (reserved.FirstOrDefault(r => r.Status == OutcomeStatus.Forbidden) is { } forbidden) return forbidden.As<CombinePlan>();
        var v = reserved.SelectMany(r => r.Violations).ToList();
        if (v.Count > 0) return Outcome<CombinePlan>.Rejected(v);

        var inputs = command.Inputs ?? [];
        var sources = reserved.Select(r => r.Value!).ToList();
        var merge = command.Kind == OriginKind.Merge;
        var output = merge ? command.Output ?? SumOf(inputs, sources[0].Quantity.Unit) : command.Output!;
        v.AddRange(MassBalance.CheckOutput(command.Kind, [.. inputs.Select(i => i.Quantity)], output, command.YieldFactor));
        if (merge && sources.Select(s => s.Product.ToLowerInvariant()).Distinct().Count() > 1)
            v.Add(new("input.product", "a merge combines batches of one product; use a transformation for anything else"));
        if (sources.Any(s => s.Custodian != sources[0].Custodian))
            v.Add(new("custody.mixed", "every input of a merge or transformation is in the same custody"));
        v.AddRange(GiRules.CheckNoDilution(command.GiClaim, [.. sources.Select(s => (s.Code, s.GiClaim))]));
        if (v.Count > 0) return Outcome<CombinePlan>.Rejected(v);

        var variety = sources.Select(s => s.Variety).Distinct().Count() == 1 ? sources[0].Variety : null;
        return Outcome<CombinePlan>.Ok(new(new BatchCreation(operationId, merge ? sources[0].Product : command.Product!, variety,
            output, GiRules.CommonClaim([.. sources.Select(s => s.GiClaim)]), sources[0].Custodian,
            new BatchOrigin(command.Kind, null, null, [], command.YieldFactor), command.EventTime, command.ReadPoint,
            command.Gtin, command.Lot, EventTypes.Transformation, StepFor(command.Kind), [.. inputs])));
    }

    /// <summary>A reserved take written to its input: the take event, the input's header after it, the output's link.</summary>
    /// <param name="amount">The take in the input's unit, as <see cref="Take"/> decided it.</param>
    public static TakeCommit Commit(Batch input, decimal amount, Quantity take, string outputCode, OriginKind kind,
        DateTimeOffset eventTime, Actor actor, DateTimeOffset now, string eventId)
    {
        var draft = BatchDecisions.Draft(EventTypes.Transformation, StepFor(kind), Disposition.Active, eventTime, now, null, actor,
            eventId) with
        {
            Inputs = [new QuantityLink(input.Code, take)],
            Outputs = [new QuantityLink(outputCode, take)],
        };
        var remaining = input.Remaining - amount;
        var (e, header) = BatchDecisions.Next(input, input with
        {
            Remaining = remaining,
            Status = remaining == 0 ? BatchStatus.Consumed : input.Status,
            Children = [.. input.Children, new QuantityLink(outputCode, take)],
        }, draft);
        return new(e, header, new ParentLink(input.Code, take, e.Sequence, e.Hash, input.GiClaim));
    }

    /// <summary>A merge repackages; a transformation processes into another product.</summary>
    public static BizStep StepFor(OriginKind kind) => kind == OriginKind.Merge ? BizStep.Repackaging : BizStep.Processing;

    /// <summary>A merge that names no output makes the sum of its inputs, in the first input's unit.</summary>
    private static Quantity SumOf(IReadOnlyList<QuantityLink> inputs, string unit) =>
        new(inputs.Where(i => Units.IsKnown(i.Quantity.Unit) && Units.Compatible(i.Quantity.Unit, unit))
            .Sum(i => Units.AmountIn(i.Quantity, unit)), unit);
}
