using Nguon.Domain.Batches;
using Nguon.Domain.Farms;
using Nguon.Model;

namespace Nguon.Domain.Epcis;

/// <summary>One event's command as the check decided it: the command with every lot resolved to its batch code, the Nguon lot
/// it is about (null for an event about nothing Nguon models), and why it is refused (<see cref="OutcomeStatus.Ok"/>: it
/// passes every rule).</summary>
public sealed record EventVerdict(EpcisMeaning Command, string? Batch, OutcomeStatus Status, IReadOnlyList<Violation> Violations)
{
    public bool Passes => Status == OutcomeStatus.Ok;
}

/// <summary>A document's Nguon commands decided in document order against a simulated state (<see cref="CheckWorld"/>), with
/// the same pure decisions the grains take: a harvest's lot is there for the combine after it, a take leaves less for the next.
/// A refused command changes nothing in the simulation, so the verdicts are also what <c>proceed</c> would apply. The check is
/// as good as the state loaded: a change by another client between check and apply is seen only when applying.</summary>
public static class EpcisDocumentCheck
{
    /// <summary>The events' verdicts, in order. <paramref name="operationIds"/>: each event's operation id (its split or
    /// combine's idempotency key).</summary>
    public static IReadOnlyList<EventVerdict> Run(IReadOnlyList<EpcisMeaning> commands, IReadOnlyList<string> operationIds,
        Actor actor, DateTimeOffset now, CheckWorld world)
    {
        var verdicts = new List<EventVerdict>(commands.Count);
        for (var i = 0; i < commands.Count; i++)
            verdicts.Add(commands[i] switch
            {
                HarvestCommand h => Harvest(h, actor, now, world),
                CombineCommand c => Combine(c, operationIds[i], actor, now, world),
                SplitCommand s => Split(s, operationIds[i], actor, now, world),
                ObserveCommand o => Observe(o, actor, now, world),
                RecallCommand r => Recall(r, actor, now, world),
                MappingRefusal m => new(m, null, OutcomeStatus.Rejected, [new(m.Rule, m.Message)]),
                var other => new(other, null, OutcomeStatus.Ok, []),
            });
        // A side of a split or merge names its lot only; resolved once the document made every lot it makes.
        for (var i = 0; i < verdicts.Count; i++)
            if (verdicts[i].Command is ImpliedEvent implied)
                verdicts[i] = world.Resolve(implied.Lot) is { } code
                    ? verdicts[i] with { Command = implied with { Lot = implied.Lot with { BatchCode = code } }, Batch = code }
                    : Refused(implied, null, Unresolved(implied.Lot));
        return verdicts;
    }

    private static EventVerdict Harvest(HarvestCommand h, Actor actor, DateTimeOffset now, CheckWorld world)
    {
        var command = h.Harvest;
        var code = command.BatchCode;
        var season = GiRules.SeasonOf(command.HarvestedAt);
        var ledger = world.Season(h.Farm, season);
        var label = LabelHolder(world, command.Gtin, command.Lot);
        var cert = command.GiClaim is { } gi ? world.Certificates.GetValueOrDefault(gi) : null;
        var facts = new HarvestFacts(cert, ledger, world.Batch(code)?.Batch, label, world.Prefixes, world.CodeSpaceHolders);
        var decided = HarvestDecisions.Decide(world.Farms.GetValueOrDefault(h.Farm), h.Farm, command, actor, now, facts);
        if (!decided.IsOk) return Refused(h, code, decided);
        var plan = decided.Value!;
        if (plan.AlreadyRecorded is not null) return new(h, code, OutcomeStatus.Ok, []);
        var reserved = HarvestDecisions.Reserve(ledger, code, plan.Kg, plan.LimitKg);
        if (!reserved.IsOk) return Refused(h, code, reserved);
        var created = BatchDecisions.Create(code, plan.Creation, actor, now, label, "check");
        if (!created.IsOk) return Refused(h, code, created);
        world.Seasons[FarmSeasonKey(h.Farm, season)] = ledger with
        {
            HarvestedKg = ledger.HarvestedKg + plan.Kg,
            Batches = [.. ledger.Batches, code],
        };
        world.Created(code, created.Value!.Header, plan.Creation);
        return new(h, code, OutcomeStatus.Ok, []);
    }

    private static EventVerdict Combine(CombineCommand c, string operationId, Actor actor, DateTimeOffset now, CheckWorld world)
    {
        var code = c.Combine.BatchCode;
        var inputs = new List<QuantityLink>();
        foreach (var (lot, taken) in c.Inputs.Zip(c.Combine.Inputs))
        {
            if (world.Resolve(lot) is not { } input) return Refused(c, code, Unresolved(lot));
            inputs.Add(taken with { Batch = input });
        }
        var command = c.Combine with { Inputs = inputs };
        var resolved = c with { Combine = command, Inputs = [.. inputs.Select(i => new LotRef(i.Batch, null, null))] };
        if (InputRules.Id(code, "batch code") is { } bad) return Refused(resolved, null, Outcome<Batch>.Rejected([bad]));
        if (world.Batch(code) is { } existing)
        {
            var again = BatchDecisions.CombineAgain(existing.Batch, existing.CreationOperationId, operationId);
            return again.IsOk ? new(resolved, code, OutcomeStatus.Ok, []) : Refused(resolved, code, again);
        }
        var request = CombineDecisions.Request(code, command, actor, world.LabelHolders, world.Prefixes, world.CodeSpaceHolders);
        if (!request.IsOk) return Refused(resolved, code, request);

        var takes = inputs.Select(i => world.Batch(i.Batch) is { } s
            ? (State: s, Take: CombineDecisions.Take(s.Batch, s.CreatedEventTime, s.Available, i.Quantity, command.EventTime, actor, now))
            : (State: null, Take: Refusal.NotFound<decimal>(Unknown.Batch(i.Batch)))).ToList();
        var reserved = takes.Select(t => t.Take.IsOk ? Outcome<Batch>.Ok(t.State!.Batch) : t.Take.As<Batch>()).ToList();
        var plan = CombineDecisions.Output(code, command, operationId, reserved);
        if (!plan.IsOk) return Refused(resolved, code, plan);

        var links = new List<ParentLink>();
        foreach (var (input, (state, take)) in inputs.Zip(takes))
        {
            // Two inputs may name one lot (refused above as a lineage duplicate), so each take reads the newest state.
            var current = world.Batch(input.Batch)!;
            var commit = CombineDecisions.Commit(current.Batch, take.Value, input.Quantity, code, command.Kind, command.EventTime, actor,
                now, "check");
            world.Changed(current, commit.Header, commit.Event);
            links.Add(commit.Link);
        }
        var creation = plan.Value!.WithParents(links);
        var created = BatchDecisions.Create(code, creation, actor, now, LabelHolder(world, command.Gtin, command.Lot), "check");
        if (!created.IsOk) return Refused(resolved, code, created);
        world.Created(code, created.Value!.Header, creation);
        return new(resolved, code, OutcomeStatus.Ok, []);
    }

    private static EventVerdict Split(SplitCommand s, string operationId, Actor actor, DateTimeOffset now, CheckWorld world)
    {
        if (world.Resolve(s.Input) is not { } code) return Refused(s, null, Unresolved(s.Input));
        var resolved = s with { Input = s.Input with { BatchCode = code } };
        if (world.Batch(code) is not { } parent) return Refused(resolved, code, Refusal.NotFound<Batch>(Unknown.Batch(code)));
        var command = s.Split;
        var parts = SplitDecisions.PartsToLookUp(command);
        var existing = parts.Select(p => world.Batch(p.BatchCode)).OfType<BatchCheckState>()
            .ToDictionary(b => b.Batch.Code, b => new BatchCreated(b.Batch, b.CreationOperationId));
        var applied = parent.Recorded.GetValueOrDefault(operationId) is { } seen && seen.Actor == actor.Organisation ? seen : null;
        var facts = new SplitFacts(applied, existing, world.LabelHolders, world.Prefixes, world.CodeSpaceHolders);
        var decided = SplitDecisions.Split(parent.Batch, parent.CreatedEventTime, parent.Available, command, actor, now, operationId,
            facts, "check");
        if (!decided.IsOk) return Refused(resolved, code, decided);
        var change = decided.Value!;
        if (change.Replayed) return new(resolved, code, OutcomeStatus.Ok, []);
        var children = new List<(string Code, BatchOpening Opening, BatchCreation Creation)>();
        foreach (var child in change.Children.Where(c => !existing.ContainsKey(c.Code)))
        {
            var created = BatchDecisions.Create(child.Code, child.Creation, actor, now,
                LabelHolder(world, child.Creation.Gtin, child.Creation.Lot), "check");
            if (!created.IsOk) return Refused(resolved, code, created);
            children.Add((child.Code, created.Value!, child.Creation));
        }
        world.Changed(parent, change.Parent, change.Event, operationId);
        foreach (var (childCode, opening, creation) in children) world.Created(childCode, opening.Header, creation);
        return new(resolved, code, OutcomeStatus.Ok, []);
    }

    private static EventVerdict Observe(ObserveCommand o, Actor actor, DateTimeOffset now, CheckWorld world)
    {
        if (world.Resolve(o.Lot) is not { } code) return Refused(o, null, Unresolved(o.Lot));
        var resolved = o with { Lot = o.Lot with { BatchCode = code } };
        if (world.Batch(code) is not { } state) return Refused(resolved, code, Refusal.NotFound<Batch>(Unknown.Batch(code)));
        var command = o.Event;
        var facts = new EventFacts(command.EventId is { } id ? state.Recorded.GetValueOrDefault(id) : null,
            command.Destination is { } d && world.Organisations.Contains(d), world.Attached.GetValueOrDefault(code));
        var decided = BatchDecisions.RecordEvent(state.Batch, state.CreatedEventTime, command, actor, now, facts, "check");
        if (!decided.IsOk) return Refused(resolved, code, decided);
        if (!decided.Value!.Replayed && Contradiction(state.Batch, o) is { } custody)
            return Refused(resolved, code, Outcome<Batch>.Rejected([custody]));
        if (!decided.Value!.Replayed) world.Changed(state, decided.Value.Header, decided.Value.Event);
        return new(resolved, code, OutcomeStatus.Ok, []);
    }

    /// <summary>A shipment whose source list names another holder than the lot's custodian, or a receipt whose destination
    /// list names another receiver than the one it is shipped to, says something about custody that is not so.</summary>
    private static Violation? Contradiction(Batch batch, ObserveCommand o)
    {
        if (BizStep.Shipping.Is(o.Event.BizStep) && o.Source is { } source && source != batch.Custodian)
            return new("custody.source", $"the event says {source} ships {batch.Code}, which is not in its custody");
        if (BizStep.Receiving.Is(o.Event.BizStep) && o.Event.Destination is { } to && batch.Destination is { } expected
            && to != expected)
            return new("custody.destination", $"the event says {to} receives {batch.Code}, which is not shipped to it");
        return null;
    }

    private static EventVerdict Recall(RecallCommand r, Actor actor, DateTimeOffset now, CheckWorld world)
    {
        if (world.Resolve(r.Lot) is not { } code) return Refused(r, null, Unresolved(r.Lot));
        var resolved = r with { Lot = r.Lot with { BatchCode = code } };
        if (world.Batch(code) is not { } state) return Refused(resolved, code, Refusal.NotFound<Batch>(Unknown.Batch(code)));
        var sameId = r.Recall.EventId is { } id ? state.Recorded.GetValueOrDefault(id) : null;
        var decided = BatchDecisions.Recall(state.Batch, state.CreatedEventTime, r.Recall, actor, now, sameId, "check");
        if (!decided.IsOk) return Refused(resolved, code, decided);
        if (!decided.Value!.Replayed) world.Changed(state, decided.Value.Header, decided.Value.Event);
        return new(resolved, code, OutcomeStatus.Ok, []);
    }

    private static string? LabelHolder(CheckWorld world, string? gtin, string? lot) =>
        gtin is not null && lot is not null && Gtin.IsValid(gtin) ? world.LabelHolders.GetValueOrDefault(DigitalLink.LabelKeyFor(gtin, lot))
            : null;

    public static string FarmSeasonKey(string farm, string season) => $"{farm}/{season}";

    private static Outcome<Batch> Unresolved(LotRef lot) =>
        Refusal.NotFound<Batch>(new("batch.unknown", $"no Nguon lot carries GTIN {lot.Gtin} lot {lot.Lot}"));

    private static EventVerdict Refused<T>(EpcisMeaning command, string? batch, Outcome<T> outcome) =>
        new(command, batch, outcome.Status, outcome.Violations);
}
