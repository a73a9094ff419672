using Nguon.Domain;
using Nguon.Infrastructure;
using Nguon.Model;
using Nguon.Telemetry;

namespace Nguon.Batches;

// Splits, merges and transformations. A rejected command changes nothing anywhere: every rule is checked
// before the first write, and the few failures that can only be seen while writing (a child code taken
// concurrently, an input drained by a concurrent merge) undo what this operation already did.
public sealed partial class BatchGrain
{
    private const int MaxParts = 200;

    /// <summary>Takes promised to merges in progress; in memory only (no extra write per input), because a
    /// commit checks the take again when its reservation was lost with a deactivation.</summary>
    private readonly Dictionary<string, (decimal Amount, Quantity Take, string Output, DateTimeOffset At)> reservations = new();

    /// <summary>A merge whose silo died between reserving and committing never releases its reservation; after
    /// this long it no longer holds the quantity back (a retry of that merge re-checks the take).</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromMinutes(2);

    private void DropExpiredReservations()
    {
        var cutoff = clock.GetUtcNow() - ReservationLifetime;
        foreach (var expired in reservations.Where(r => r.Value.At < cutoff).Select(r => r.Key).ToList()) reservations.Remove(expired);
    }

    private decimal Available => Current!.Remaining - reservations.Values.Where(r => r.At >= clock.GetUtcNow() - ReservationLifetime).Sum(r => r.Amount);

    public async Task<Outcome<IReadOnlyList<Batch>>> Split(SplitBatch command, Actor actor, string? operationId = null)
    {
        using var activity = NguonTelemetry.Source.StartActivity("nguon.split");
        activity?.SetTag("nguon.batch", Code);
        if (Current is not { } parent) return Outcome<IReadOnlyList<Batch>>.NotFound("batch.unknown", $"batch {Code} is not registered");
        if (Permissions.Custodian(actor, parent, $"split {Code}") is { } denied) return Outcome<IReadOnlyList<Batch>>.Forbidden(denied);
        if (operationId is not null && await Applied(operationId, actor) is { } done)
        {
            // Applied already (the answer was lost with a silo or a connection): answer with the children it made.
            var children = await Fanout.Map(done.Outputs, o => grains.GetGrain<IBatchGrain>(o.Batch).GetRecord());
            return Outcome<IReadOnlyList<Batch>>.Ok([.. children.OfType<Batch>()]);
        }
        var parts = command.Parts ?? [];
        var v = BatchRules.CheckCanRecord(parent, command.EventTime, state.State.CreatedEventTime, clock.GetUtcNow());
        if (parent.Status == BatchStatus.InTransit) v.Add(new("state.in-transit", $"{Code} is in transit"));
        if (parts.Count > MaxParts) v.Add(new("input.parts", $"a split makes at most {MaxParts} parts"));
        if (parent.Children.Count + parts.Count > MaxChildren) v.Add(new("input.parts", $"a batch has at most {MaxChildren} children; split a child further instead"));
        v.AddRange(parts.Where(p => !Ids.IsValid(p.BatchCode)).Select(p => new Violation("input.id", $"'{p.BatchCode}' is not a valid batch code")));
        v.AddRange(LabelViolations(parts.Select(p => (p.Gtin, p.Lot))));
        v.AddRange(BatchRules.CheckLineage(Code, [.. parts.Select(p => p.BatchCode)]).Select(x => x.Rule == "lineage.duplicate" ? x with { Message = $"part code {x.Message}" } : x));
        v.AddRange(MassBalance.CheckSplit(parent with { Remaining = Available }, parts));
        if (v.Count > 0)
        {
            // A retry refused now (the parent changed since) takes back children an earlier attempt left behind.
            if (operationId is not null) await Fanout.Each(parts.Where(p => Ids.IsValid(p.BatchCode)).ToList(), p => grains.GetGrain<IBatchGrain>(p.BatchCode).AbortCreation(operationId));
            return Outcome<IReadOnlyList<Batch>>.Rejected(v);
        }

        var operation = operationId ?? Guid.NewGuid().ToString("N");
        var existing = await Fanout.Map(parts, p => grains.GetGrain<IBatchGrain>(p.BatchCode).GetCreation());
        var taken = existing.Where(b => b is not null && b.OperationId != operation).Select(b => new Violation("batch.exists", $"batch {b!.Batch.Code} already exists")).ToList();
        taken.AddRange(await LabelsTaken([.. parts.Select(p => (p.BatchCode, p.Gtin, p.Lot))]));
        if (taken.Count > 0) return Outcome<IReadOnlyList<Batch>>.Rejected(taken);

        var total = parts.Sum(p => Units.AmountIn(p.Quantity, parent.Quantity.Unit));
        var splitEvent = EventHashing.Seal(NewEvent("TransformationEvent", "repackaging", "active", command.EventTime, command.ReadPoint, actor) with
        {
            Inputs = [new QuantityLink(Code, parent.Quantity with { Amount = total })],
            Outputs = [.. parts.Select(p => new QuantityLink(p.BatchCode, p.Quantity))],
        });
        var created = await Fanout.Map(parts, p => grains.GetGrain<IBatchGrain>(p.BatchCode).Create(new BatchCreation(
            operation, parent.Product, parent.Variety, p.Quantity, parent.GiClaim, parent.Custodian,
            new BatchOrigin(OriginKind.Split, null, null, [new ParentLink(Code, p.Quantity, splitEvent.Sequence, splitEvent.Hash, parent.GiClaim)], null),
            command.EventTime, command.ReadPoint, p.Gtin, p.Lot, "ObjectEvent", "commissioning", [new QuantityLink(Code, p.Quantity)]), actor));
        if (created.Any(c => !c.IsOk))
        {
            await Fanout.Each(parts, p => grains.GetGrain<IBatchGrain>(p.BatchCode).AbortCreation(operation));
            return Outcome<IReadOnlyList<Batch>>.Rejected([.. created.SelectMany(c => c.Violations)]);
        }

        var remaining = parent.Remaining - total;
        await Append(splitEvent, parent with
        {
            Remaining = remaining,
            Status = remaining == 0 ? BatchStatus.Consumed : parent.Status,
            Children = [.. parent.Children, .. parts.Select(p => new QuantityLink(p.BatchCode, p.Quantity))],
        });
        if (operationId is not null) Remember(operationId, actor, splitEvent.Sequence);
        await Save();
        return Outcome<IReadOnlyList<Batch>>.Ok([.. created.Select(c => c.Value!)]);
    }

    public async Task<Outcome<Batch>> Combine(CombineBatches command, Actor actor, string? operationId = null)
    {
        using var activity = NguonTelemetry.Source.StartActivity(command.Kind == OriginKind.Merge ? "nguon.merge" : "nguon.transform");
        activity?.SetTag("nguon.batch", Code);
        if (Current is not null)
            return operationId is not null && state.State.CreationOperationId == operationId
                ? Outcome<Batch>.Ok(Current) // a retry of the merge that made this batch
                : Outcome<Batch>.Conflict("batch.exists", $"batch {Code} already exists");
        var inputs = command.Inputs ?? [];
        var v = new List<Violation>();
        if (command.Kind is not (OriginKind.Merge or OriginKind.Transformation))
            v.Add(new("input.kind", "combine is a merge or a transformation"));
        if (inputs.Count < (command.Kind == OriginKind.Merge ? 2 : 1) || inputs.Count > MaxInputs)
            v.Add(new("input.inputs", $"a {(command.Kind == OriginKind.Merge ? "merge takes 2" : "transformation takes 1")} to {MaxInputs} inputs"));
        v.AddRange(inputs.Where(i => !Ids.IsValid(i.Batch)).Select(i => new Violation("input.id", $"'{i.Batch}' is not a valid batch code")));
        v.AddRange(inputs.Select(i => Units.Check(i.Quantity, $"the quantity taken from {i.Batch}")).OfType<Violation>());
        v.AddRange(LabelViolations([(command.Gtin, command.Lot)]));
        v.AddRange(BatchRules.CheckLineage(Code, [.. inputs.Select(i => i.Batch)]));
        if (command.Kind == OriginKind.Transformation && (command.Output is null || string.IsNullOrWhiteSpace(command.Product)))
            v.Add(new("input.output", "a transformation names its output product and quantity"));
        if (v.Count == 0) v.AddRange(await LabelsTaken([(Code, command.Gtin, command.Lot)]));
        if (v.Count > 0) return Outcome<Batch>.Rejected(v);

        // A retry with the same operation id finds the takes its first attempt committed (RecentTakes) and
        // completes the output with them, even when that attempt died between the inputs' writes and the output's.
        operationId ??= Guid.NewGuid().ToString("N");
        var reserved = await Fanout.Map(inputs, i => grains.GetGrain<IBatchGrain>(i.Batch).Reserve(operationId, i.Quantity, Code, command.EventTime, actor));
        if (reserved.FirstOrDefault(r => r.Status == OutcomeStatus.Forbidden) is { } forbidden)
        {
            await Fanout.Each(inputs, i => grains.GetGrain<IBatchGrain>(i.Batch).ReleaseReservation(operationId));
            return forbidden.As<Batch>();
        }
        v.AddRange(reserved.SelectMany(r => r.Violations));
        var sources = reserved.Where(r => r.IsOk).Select(r => r.Value!).ToList();
        var output = command.Kind == OriginKind.Merge && sources.Count > 0
            ? command.Output ?? new Quantity(inputs.Where(i => Units.IsKnown(i.Quantity.Unit) && Units.Compatible(i.Quantity.Unit, sources[0].Quantity.Unit))
                .Sum(i => Units.AmountIn(i.Quantity, sources[0].Quantity.Unit)), sources[0].Quantity.Unit)
            : command.Output;
        if (v.Count == 0 && output is not null)
        {
            v.AddRange(MassBalance.CheckOutput(command.Kind, [.. inputs.Select(i => i.Quantity)], output, command.YieldFactor));
            if (command.Kind == OriginKind.Merge && sources.Select(s => s.Product.ToLowerInvariant()).Distinct().Count() > 1)
                v.Add(new("input.product", "a merge combines batches of one product; use a transformation for anything else"));
            if (sources.Any(s => s.Custodian != sources[0].Custodian))
                v.Add(new("custody.mixed", "every input of a merge or transformation is in the same custody"));
            v.AddRange(GiRules.CheckNoDilution(command.GiClaim, [.. sources.Select(s => (s.Code, s.GiClaim))]));
        }
        if (v.Count > 0)
        {
            await Fanout.Each(inputs, i => grains.GetGrain<IBatchGrain>(i.Batch).ReleaseReservation(operationId));
            return Outcome<Batch>.Rejected(v);
        }

        var links = await Fanout.Map(inputs, i => grains.GetGrain<IBatchGrain>(i.Batch).CommitReservation(operationId, i.Quantity, Code, command.Kind, command.EventTime, actor));
        if (links.FirstOrDefault(l => !l.IsOk) is { } failed) return failed.As<Batch>();
        var claim = GiRules.CommonClaim([.. sources.Select(s => s.GiClaim)]);
        var product = command.Kind == OriginKind.Merge ? sources[0].Product : command.Product!;
        var variety = sources.Select(s => s.Variety).Distinct().Count() == 1 ? sources[0].Variety : null;
        var parentLinks = links.Select(l => l.Value!).ToList();
        return await Create(new BatchCreation(operationId, product, variety, output!, claim, sources[0].Custodian,
            new BatchOrigin(command.Kind, null, null, parentLinks, command.YieldFactor), command.EventTime, command.ReadPoint,
            command.Gtin, command.Lot, "TransformationEvent", StepFor(command.Kind), [.. inputs]), actor);
    }

    public Task<Outcome<Batch>> Reserve(string operationId, Quantity quantity, string outputCode, DateTimeOffset eventTime, Actor actor)
    {
        if (Current is not { } batch) return Task.FromResult(Outcome<Batch>.NotFound("batch.unknown", $"input {Code} is not registered"));
        if (reservations.ContainsKey(operationId) || state.State.RecentTakes.Any(t => t.OperationId == operationId)) return Task.FromResult(Outcome<Batch>.Ok(batch));
        DropExpiredReservations();
        if (Permissions.Custodian(actor, batch, $"use {Code} as an input") is { } denied) return Task.FromResult(Outcome<Batch>.Forbidden(denied));
        var v = TakeViolations(batch, quantity, eventTime);
        if (v.Count > 0) return Task.FromResult(Outcome<Batch>.Rejected(v));
        reservations[operationId] = (Units.AmountIn(quantity, batch.Quantity.Unit), quantity, outputCode, clock.GetUtcNow());
        return Task.FromResult(Outcome<Batch>.Ok(batch));
    }

    public Task ReleaseReservation(string operationId)
    {
        reservations.Remove(operationId);
        return Task.CompletedTask;
    }

    public async Task<Outcome<ParentLink>> CommitReservation(string operationId, Quantity quantity, string outputCode, OriginKind kind, DateTimeOffset eventTime, Actor actor)
    {
        if (state.State.RecentTakes.FirstOrDefault(t => t.OperationId == operationId) is { } done) return Outcome<ParentLink>.Ok(done.Link);
        if (Current is not { } batch) return Outcome<ParentLink>.NotFound("batch.unknown", $"input {Code} is not registered");
        // A held reservation was checked when granted and always commits, so inputs never half-apply a merge.
        // Only if the activation that held it is gone is the take checked again as if new.
        if (!reservations.Remove(operationId, out var r))
        {
            var again = TakeViolations(batch, quantity, eventTime);
            if (again.Count > 0) return Outcome<ParentLink>.Rejected(again);
            r = (Units.AmountIn(quantity, batch.Quantity.Unit), quantity, outputCode, clock.GetUtcNow());
        }

        var e = NewEvent("TransformationEvent", StepFor(kind), "active", eventTime, null, actor) with
        {
            Inputs = [new QuantityLink(Code, r.Take)],
            Outputs = [new QuantityLink(r.Output, r.Take)],
        };
        var remaining = batch.Remaining - r.Amount;
        var sealedEvent = await Append(e, batch with
        {
            Remaining = remaining,
            Status = remaining == 0 ? BatchStatus.Consumed : batch.Status,
            Children = [.. batch.Children, new QuantityLink(r.Output, r.Take)],
        });
        var link = new ParentLink(Code, r.Take, sealedEvent.Sequence, sealedEvent.Hash, batch.GiClaim);
        state.State.RecentTakes = [.. state.State.RecentTakes.TakeLast(RecentTakesKept - 1), new CommittedTake(operationId, link)];
        await Save();
        return Outcome<ParentLink>.Ok(link);
    }

    private List<Violation> TakeViolations(Batch batch, Quantity quantity, DateTimeOffset eventTime)
    {
        var v = BatchRules.CheckCanRecord(batch, eventTime, state.State.CreatedEventTime, clock.GetUtcNow());
        if (batch.Status == BatchStatus.InTransit)
            v.Add(new("state.in-transit", $"input {Code} is in transit and cannot be used"));
        if (batch.Children.Count >= MaxChildren)
            v.Add(new("input.parts", $"{Code} already has {MaxChildren} children"));
        v.AddRange(MassBalance.CheckTake(batch, Available, quantity));
        return v;
    }

    /// <summary>One GTIN + lot names one batch: labels already carried by another batch refuse the command.</summary>
    private async Task<List<Violation>> LabelsTaken(IReadOnlyList<(string Batch, string? Gtin, string? Lot)> labels)
    {
        var printed = labels.Where(l => l.Gtin is not null && l.Lot is not null && Gtin.IsValid(l.Gtin)).ToList();
        var owners = await Fanout.Map(printed, l => grains.GetGrain<ILabelGrain>(DigitalLink.LabelKeyFor(l.Gtin!, l.Lot!)).Get());
        var v = printed.Zip(owners).Where(p => p.Second is not null && p.Second != p.First.Batch)
            .Select(p => new Violation("label.taken", $"GTIN {p.First.Gtin} lot {p.First.Lot} already labels batch {p.Second}")).ToList();
        v.AddRange(printed.GroupBy(l => DigitalLink.LabelKeyFor(l.Gtin!, l.Lot!)).Where(g => g.Count() > 1)
            .Select(g => new Violation("label.taken", $"two parts carry the same GTIN and lot ({g.Key})")));
        return v;
    }

    private static string StepFor(OriginKind kind) => kind == OriginKind.Merge ? "repackaging" : "urn:nguon:bizstep:processing";

    private static IEnumerable<Violation> LabelViolations(IEnumerable<(string? Gtin, string? Lot)> labels)
    {
        foreach (var (gtin, lot) in labels)
        {
            if (gtin is not null && !Gtin.IsValid(gtin)) yield return new("input.gtin", $"'{gtin}' is not a valid GTIN (length or check digit)");
            if (lot is not null && !Gtin.IsValidLot(lot)) yield return new("input.lot", $"'{lot}' is not a valid lot (1–20 letters, digits, - . _ /)");
        }
    }
}
