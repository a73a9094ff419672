using Nguon.Domain.Organisations;
using Nguon.Model;

namespace Nguon.Domain.Batches;

/// <summary>A split of a batch into parts, each a new child batch with the parent's product, claim and custody.</summary>
public static class SplitDecisions
{
    /// <param name="available">What the parent has left after the takes promised to merges in progress.</param>
    /// <param name="operationId">The split's operation: children it created already (a retry) are its own.</param>
    public static Outcome<SplitChange> Split(Batch parent, DateTimeOffset createdEventTime, decimal available, SplitBatch command,
        Actor actor, DateTimeOffset now, string operationId, SplitFacts facts, string newEventId)
    {
        if (Permissions.Custodian(actor, parent, $"split {parent.Code}") is { } denied) return Outcome<SplitChange>.Forbidden(denied);
        if (facts.AlreadyApplied is { } done) return Outcome<SplitChange>.Ok(new(done, parent, [], Replayed: true));

        var parts = command.Parts ?? [];
        var v = Check(parent, createdEventTime, available, command.EventTime, parts, now);
        v.AddRange(facts.Existing.Values.Where(b => b.OperationId != operationId).Select(b => BatchRules.Exists(b.Batch.Code)));
        v.AddRange(LabelRules.CheckTaken([.. parts.Select(p => (p.BatchCode, p.Gtin, p.Lot))], facts.LabelHolders));
        v.AddRange(LabelRules.CheckLabeller(actor.Organisation, parts.Select(p => p.Gtin), facts.Prefixes));
        v.AddRange(CodeSpaces.Check(actor, NewCodes(parts, facts, operationId), facts.CodeSpaceHolders));
        if (v.Count > 0) return Outcome<SplitChange>.Rejected(v);

        var total = parts.Sum(p => Units.AmountIn(p.Quantity, parent.Quantity.Unit));
        var draft = BatchDecisions.Draft(EventTypes.Transformation, BizStep.Repackaging, Disposition.Active, command.EventTime, now,
            command.ReadPoint, actor, newEventId) with
        {
            Inputs = [new QuantityLink(parent.Code, parent.Quantity with { Amount = total })],
            Outputs = [.. parts.Select(p => new QuantityLink(p.BatchCode, p.Quantity))],
        };
        var remaining = parent.Remaining - total;
        var (splitEvent, header) = BatchDecisions.Next(parent, parent with
        {
            Remaining = remaining,
            Status = remaining == 0 ? BatchStatus.Consumed : parent.Status,
            Children = [.. parent.Children, .. parts.Select(p => new QuantityLink(p.BatchCode, p.Quantity))],
        }, draft);
        var children = parts.Select(p => new ChildCreation(p.BatchCode, new BatchCreation(
            operationId, parent.Product, parent.Variety, p.Quantity, parent.GiClaim, parent.Custodian,
            new BatchOrigin(OriginKind.Split, null, null,
                [new ParentLink(parent.Code, p.Quantity, splitEvent.Sequence, splitEvent.Hash, parent.GiClaim)], null),
            command.EventTime, command.ReadPoint, p.Gtin, p.Lot, EventTypes.Object, BizStep.Commissioning,
            [new QuantityLink(parent.Code, p.Quantity)])));
        return Outcome<SplitChange>.Ok(new(splitEvent, header, [.. children]));
    }

    /// <summary>The part codes this split would create: not those a first attempt of the same operation created.</summary>
    private static IEnumerable<string> NewCodes(IReadOnlyList<SplitPart> parts, SplitFacts facts, string operationId) =>
        parts.Select(p => p.BatchCode)
            .Where(c => c is not null && !(facts.Existing.TryGetValue(c, out var b) && b.OperationId == operationId));

    /// <summary>The parts the grain should look up (existing batches, label holders): those with valid codes, and
    /// none when the split is refused for its size anyway.</summary>
    public static IReadOnlyList<SplitPart> PartsToLookUp(SplitBatch command) =>
        command.Parts is { Count: <= BatchRules.MaxParts } parts ? [.. parts.Where(p => Ids.IsValid(p.BatchCode))] : [];

    private static List<Violation> Check(Batch parent, DateTimeOffset createdEventTime, decimal available,
        DateTimeOffset eventTime, IReadOnlyList<SplitPart> parts, DateTimeOffset now)
    {
        var v = BatchRules.CheckCanRecord(parent, eventTime, createdEventTime, now);
        if (parent.Status == BatchStatus.InTransit) v.Add(BatchRules.InTransit(parent, "split"));
        if (parts.Count > BatchRules.MaxParts) v.Add(new("input.parts", $"a split makes at most {BatchRules.MaxParts} parts"));
        if (parent.Children.Count + parts.Count > BatchRules.MaxChildren)
            v.Add(new("input.parts", $"a batch has at most {BatchRules.MaxChildren} children; split a child further instead"));
        v.AddRange(parts.Select(p => InputRules.Id(p.BatchCode, "batch code")).OfType<Violation>());
        v.AddRange(parts.SelectMany(p => InputRules.Label(p.Gtin, p.Lot)));
        v.AddRange(BatchRules.CheckLineage(parent.Code, [.. parts.Select(p => p.BatchCode)])
            .Select(x => x.Rule == "lineage.duplicate" ? x with { Message = $"part code {x.Message}" } : x));
        v.AddRange(MassBalance.CheckSplit(parent with { Remaining = available }, parts));
        return v;
    }
}
