using Nguon.Domain;
using Nguon.Domain.Batches;
using Nguon.Infrastructure;
using Nguon.Model;
using Nguon.Telemetry;

namespace Nguon.Batches;

// Splits, merges and transformations. A rejected command changes nothing anywhere: every rule is decided
// before the first write, and the few failures that can only be seen while writing (a child code taken
// concurrently, an input drained by a concurrent merge) undo what this operation already did.
public sealed partial class BatchGrain
{
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

    private decimal Available =>
        Current!.Remaining - reservations.Values.Where(r => r.At >= clock.GetUtcNow() - ReservationLifetime).Sum(r => r.Amount);

    public async Task<Outcome<IReadOnlyList<Batch>>> Split(SplitBatch command, Actor actor, string? operationId = null)
    {
        using var activity = NguonTelemetry.Source.StartActivity("nguon.split");
        activity?.SetTag("nguon.batch", Code);
        if (Current is not { } parent) return Refusal.NotFound<IReadOnlyList<Batch>>(Unknown.Batch(Code));
        var operation = operationId ?? NewId();
        var decided = SplitDecisions.Split(parent, state.State.CreatedEventTime, Available, command, actor, clock.GetUtcNow(),
            operation, await LoadSplitFacts(command, actor, operationId), NewId());
        if (decided.Status == OutcomeStatus.Rejected && operationId is not null)
        {
            // A retry refused now (the parent changed since) takes back children an earlier attempt left behind.
            await Fanout.Each(SplitDecisions.PartsToLookUp(command),
                p => grains.GetGrain<IBatchGrain>(p.BatchCode).AbortCreation(operationId));
        }
        if (!decided.IsOk) return decided.As<IReadOnlyList<Batch>>();
        var change = decided.Value!;
        if (change.Replayed)
        {
            // Applied already (the answer was lost with a silo or a connection): answer with the children it made.
            await LogHead();
            var made = await Fanout.Map(change.Event.Outputs, o => grains.GetGrain<IBatchGrain>(o.Batch).GetRecord());
            return Outcome<IReadOnlyList<Batch>>.Ok([.. made.OfType<Batch>()]);
        }

        var created = await Fanout.Map(change.Children, c => grains.GetGrain<IBatchGrain>(c.Code).Create(c.Creation, actor));
        if (created.Any(c => !c.IsOk))
        {
            await Fanout.Each(change.Children, c => grains.GetGrain<IBatchGrain>(c.Code).AbortCreation(operation));
            return Outcome<IReadOnlyList<Batch>>.Rejected([.. created.SelectMany(c => c.Violations)]);
        }
        await Append(change.Event, change.Parent);
        if (operationId is not null) Remember(operationId, actor, change.Event.Sequence);
        await Save();
        return Outcome<IReadOnlyList<Batch>>.Ok([.. created.Select(c => c.Value!)]);
    }

    /// <summary>What a split is decided on: the split this operation already applied, the batches standing under
    /// the part codes, and who holds the parts' labels.</summary>
    private async Task<SplitFacts> LoadSplitFacts(SplitBatch command, Actor actor, string? operationId)
    {
        var parts = SplitDecisions.PartsToLookUp(command);
        var applied = operationId is null ? Task.FromResult<BatchEvent?>(null) : Applied(operationId, actor);
        var existing = Fanout.Map(parts, p => grains.GetGrain<IBatchGrain>(p.BatchCode).GetCreation());
        var holders = LabelHolders(parts.Select(p => (p.Gtin, p.Lot)));
        var prefixes = CompanyPrefixes.Of(grains, parts.Select(p => p.Gtin));
        var spaces = CodeSpaceHolders.Of(grains, actor, parts.Select(p => p.BatchCode));
        await Task.WhenAll(applied, existing, holders, prefixes, spaces);
        return new(applied.Result, existing.Result.OfType<BatchCreated>().ToDictionary(b => b.Batch.Code), holders.Result,
            prefixes.Result, spaces.Result);
    }

    public async Task<Outcome<Batch>> Combine(CombineBatches command, Actor actor, string? operationId = null)
    {
        using var activity = NguonTelemetry.Source.StartActivity(command.Kind == OriginKind.Merge ? "nguon.merge" : "nguon.transform");
        activity?.SetTag("nguon.batch", Code);
        if (Current is { } existing) return BatchDecisions.CombineAgain(existing, state.State.CreationOperationId, operationId);
        var holders = LabelHolders([(command.Gtin, command.Lot)]);
        var prefixes = CompanyPrefixes.Of(grains, [command.Gtin]);
        var spaces = CodeSpaceHolders.Of(grains, actor, [Code]);
        await Task.WhenAll(holders, prefixes, spaces);
        var request = CombineDecisions.Request(Code, command, actor, holders.Result, prefixes.Result, spaces.Result);
        if (!request.IsOk) return request.As<Batch>();
        var inputs = request.Value!;

        // A retry with the same operation id finds the takes its first attempt committed (RecentTakes) and
        // completes the output with them, even when that attempt died between the inputs' writes and the output's.
        var operation = operationId ?? NewId();
        var reserved = await Fanout.Map(inputs,
            i => grains.GetGrain<IBatchGrain>(i.Batch).Reserve(operation, i.Quantity, Code, command.EventTime, actor));
        var plan = CombineDecisions.Output(Code, command, operation, reserved);
        if (!plan.IsOk)
        {
            await Fanout.Each(inputs, i => grains.GetGrain<IBatchGrain>(i.Batch).ReleaseReservation(operation));
            return plan.As<Batch>();
        }

        var links = await Fanout.Map(inputs, i => grains.GetGrain<IBatchGrain>(i.Batch)
            .CommitReservation(operation, i.Quantity, Code, command.Kind, command.EventTime, actor));
        if (links.FirstOrDefault(l => !l.IsOk) is { } failed) return failed.As<Batch>();
        return await Create(plan.Value!.WithParents([.. links.Select(l => l.Value!)]), actor);
    }

    public Task<Outcome<Batch>> Reserve(string operationId, Quantity quantity, string outputCode, DateTimeOffset eventTime, Actor actor)
    {
        if (Current is not { } batch) return Task.FromResult(Refusal.NotFound<Batch>(Unknown.Batch(Code)));
        if (reservations.ContainsKey(operationId) || state.State.RecentTakes.Any(t => t.OperationId == operationId))
            return Task.FromResult(Outcome<Batch>.Ok(batch));
        DropExpiredReservations();
        var take = CombineDecisions.Take(batch, state.State.CreatedEventTime, Available, quantity, eventTime, actor, clock.GetUtcNow());
        if (!take.IsOk) return Task.FromResult(take.As<Batch>());
        reservations[operationId] = (take.Value, quantity, outputCode, clock.GetUtcNow());
        return Task.FromResult(Outcome<Batch>.Ok(batch));
    }

    public Task ReleaseReservation(string operationId)
    {
        reservations.Remove(operationId);
        return Task.CompletedTask;
    }

    public async Task<Outcome<ParentLink>> CommitReservation(string operationId, Quantity quantity, string outputCode, OriginKind kind,
        DateTimeOffset eventTime, Actor actor)
    {
        if (state.State.RecentTakes.FirstOrDefault(t => t.OperationId == operationId) is { } done)
        {
            await LogHead();
            return Outcome<ParentLink>.Ok(done.Link);
        }
        if (Current is not { } batch) return Refusal.NotFound<ParentLink>(Unknown.Batch(Code));
        // A held reservation was checked when granted and always commits, so inputs never half-apply a merge.
        // Only if the activation that held it is gone is the take decided again as if new.
        if (!reservations.Remove(operationId, out var r))
        {
            var again = CombineDecisions.Take(batch, state.State.CreatedEventTime, Available, quantity, eventTime, actor,
                clock.GetUtcNow());
            if (!again.IsOk) return again.As<ParentLink>();
            r = (again.Value, quantity, outputCode, clock.GetUtcNow());
        }

        var commit = CombineDecisions.Commit(batch, r.Amount, r.Take, r.Output, kind, eventTime, actor, clock.GetUtcNow(), NewId());
        await Append(commit.Event, commit.Header);
        state.State.RecentTakes = [.. state.State.RecentTakes.TakeLast(RecentTakesKept - 1), new CommittedTake(operationId, commit.Link)];
        await Save();
        return Outcome<ParentLink>.Ok(commit.Link);
    }

    /// <summary>The batch each printed label names, by label key (labels no batch holds are left out).</summary>
    private async Task<IReadOnlyDictionary<string, string>> LabelHolders(IEnumerable<(string? Gtin, string? Lot)> labels)
    {
        var keys = LabelRules.Keys(labels);
        var holders = await Fanout.Map(keys, k => grains.GetGrain<ILabelGrain>(k).Get());
        return keys.Zip(holders).Where(h => h.Second is not null).ToDictionary(h => h.First, h => h.Second!);
    }
}
