using Microsoft.Extensions.Logging;
using Nguon.Domain;
using Nguon.Domain.Batches;
using Nguon.Infrastructure;
using Nguon.Log;
using Nguon.Model;
using Nguon.Telemetry;

namespace Nguon.Batches;

/// <summary>A product batch. Non-reentrant: each command sees and writes the state alone, which is what keeps
/// concurrent writers on one batch from losing an event.</summary>
[GrainType("batch")]
public sealed partial class BatchGrain(
    [PersistentState("batch", Storage.Name)] IPersistentState<BatchState> state,
    IGrainFactory grains,
    IRecordSigner signer,
    TimeProvider clock,
    ILogger<BatchGrain> logger) : RecordGrain(state), IBatchGrain
{
    private readonly HeadOutbox outbox = new(grains, logger);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Events kept in the batch's own row; older events move to sealed page grains so a long history
    /// never makes each write bigger.</summary>
    public const int PageSize = 16;
    public const int MaxChildren = BatchRules.MaxChildren;
    private const int RecentTakesKept = 32;
    public const int RecentOperationsKept = 64;

    private Batch? Current => state.State.Batch;
    private string Code => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A row stored before headers listed former custodians: they follow from its events, as the verifier replays them
        // (written with the batch's next change).
        if (Current is { FormerCustodians: null } legacy)
            state.State.Batch = legacy with { FormerCustodians = BatchRecord.Replay(legacy, await AllEvents()).FormerCustodians };
        outbox.Restore(state.State.LoggedThrough);
        // Written, but not known to be in the log (the silo may have died before the intake stored it): hand it again.
        if (Current is { } batch && state.State.LoggedThrough < batch.EventCount) outbox.Send(Head());
        await base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await outbox.Drain(DrainTimeout);
        // Record what the log confirmed since the last write, so the next activation does not hand it again.
        if (Current is not null && outbox.Confirmed > state.State.LoggedThrough)
        {
            state.State.LoggedThrough = outbox.Confirmed;
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception e)
            {
                logger.LogInformation(e, "batch {Code}: the log's confirmation was not stored; the head is handed again later", Code);
            }
        }
    }

    public Task<Outcome<Batch>> Get(Actor reader) => Task.FromResult(Readable(reader));

    public async Task<Outcome<IReadOnlyList<BatchEvent>>> GetEvents(Actor reader) =>
        Readable(reader) is { IsOk: false } refused
            ? refused.As<IReadOnlyList<BatchEvent>>()
            : Outcome<IReadOnlyList<BatchEvent>>.Ok(await AllEvents());

    public async Task<Outcome<PublicLabel>> GetLabel()
    {
        if (Current is not { } batch) return Refusal.NotFound<PublicLabel>(Unknown.Batch(Code));
        if (LabelRules.Labelled(batch) is { } unlabelled) return Outcome<PublicLabel>.Rejected([unlabelled]);
        // Certificates are public records: the GI's name is printed under the code.
        var gi = batch.GiClaim is null ? null : await grains.GetGrain<ICertificateGrain>(batch.GiClaim).Get();
        return Outcome<PublicLabel>.Ok(new PublicLabel(Code, batch.Gtin!, batch.Lot!, batch.Product, batch.GiClaim, gi?.Name));
    }

    private Outcome<Batch> Readable(Actor reader) =>
        Permissions.Read(Current, Unknown.Batch(Code), b => Permissions.ReadBatch(reader, b));

    // Internal protocol (no read check): see IBatchGrain.
    public Task<Batch?> GetRecord() => Task.FromResult(Current);

    public Task<BatchCreated?> GetCreation() =>
        Task.FromResult(Current is { } batch ? new BatchCreated(batch, state.State.CreationOperationId) : null);

    public Task<int?> GetEventCount() => Task.FromResult(Current?.EventCount);

    public async Task<BatchCheckState?> GetCheckState(IReadOnlyList<string> ids)
    {
        if (Current is not { } batch) return null;
        DropExpiredReservations();
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var recorded = new Dictionary<string, BatchEvent>(StringComparer.Ordinal);
        // The open page and the ring of recent operations first; the sealed pages are read once, only when needed.
        IReadOnlyList<BatchEvent>? all = null;
        foreach (var e in state.State.OpenPage.Where(e => wanted.Contains(e.EventId))) recorded[e.EventId] = e;
        foreach (var o in state.State.RecentOperations.Where(o => wanted.Contains(o.OperationId) && !recorded.ContainsKey(o.OperationId)))
            recorded[o.OperationId] = state.State.OpenPage.FirstOrDefault(e => e.Sequence == o.Sequence)
                ?? (all ??= await AllEvents())[o.Sequence - 1];
        if (state.State.SealedPages > 0 && wanted.Any(id => !recorded.ContainsKey(id)))
            foreach (var e in (all ??= await AllEvents()).Where(e => wanted.Contains(e.EventId))) recorded.TryAdd(e.EventId, e);
        return new BatchCheckState(batch, state.State.CreatedEventTime, state.State.CreationOperationId, Available, recorded);
    }

    public async Task<BatchNode?> GetNode() =>
        Current is null ? null : new BatchNode(Current, await AllEvents(), state.State.HeadSignature);

    /// <summary>Recent events come from the open page; the sealed pages are read only for older ones.</summary>
    public async Task<BatchNode?> GetNodeFrom(int fromSequence)
    {
        if (Current is null) return null;
        var open = state.State.OpenPage;
        IReadOnlyList<BatchEvent> events = open.Count > 0 && open[0].Sequence <= fromSequence
            ? [.. open.Where(e => e.Sequence >= fromSequence)]
            : [.. (await AllEvents()).Where(e => e.Sequence >= fromSequence)];
        return new BatchNode(Current, events, state.State.HeadSignature);
    }

    public async Task<Outcome<Batch>> Create(BatchCreation creation, Actor actor)
    {
        if (Current is { } existing)
        {
            var first = state.State is { SealedPages: 0, OpenPage: [var only] } ? only : null;
            var again = BatchDecisions.CreateAgain(existing, first, state.State.CreationOperationId, creation);
            if (!again.IsOk) return again.As<Batch>();
            if (again.Value!.Changed)
            {
                state.State.Batch = again.Value.Header;
                state.State.OpenPage = [again.Value.First!];
                await Save();
            }
            return Outcome<Batch>.Ok(Current!);
        }
        var holder = creation.Gtin is { } gtin && creation.Lot is { } lot ? await ClaimLabel(gtin, lot) : null;
        var decided = BatchDecisions.Create(Code, creation, actor, clock.GetUtcNow(), holder, NewId());
        if (!decided.IsOk) return decided.As<Batch>();
        state.State = new BatchState
        {
            Batch = decided.Value!.Header,
            CreationOperationId = creation.OperationId,
            CreatedEventTime = creation.EventTime,
            OpenPage = [decided.Value.First],
        };
        await Save();
        NguonTelemetry.EventsRecorded.Add(1, new KeyValuePair<string, object?>("biz_step", creation.BizStep));
        return Outcome<Batch>.Ok(Current!);
    }

    /// <summary>Claims the label for this batch; the batch the label names when another holds it, else null.</summary>
    private async Task<string?> ClaimLabel(string gtin, string lot)
    {
        var label = grains.GetGrain<ILabelGrain>(DigitalLink.LabelKeyFor(gtin, lot));
        // A holder may release the label between the refused claim and the look-up: then claim again.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await label.Claim(Code)) return null;
            if (await label.Get() is { } holder) return holder;
        }
        throw new InvalidOperationException($"the label GTIN {gtin} lot {lot} keeps changing hands; try again");
    }

    public async Task AbortCreation(string operationId)
    {
        // Only a batch this operation created, and nothing has happened to since, may be taken back.
        if (Current is { EventCount: 1 } batch && state.State.CreationOperationId == operationId)
        {
            if (batch.Gtin is { } gtin && batch.Lot is { } lot)
                await grains.GetGrain<ILabelGrain>(DigitalLink.LabelKeyFor(gtin, lot)).Release(Code);
            await state.ClearStateAsync();
            state.State = new BatchState();
        }
    }

    public async Task<Outcome<BatchEvent>> RecordEvent(RecordEvent command, Actor actor)
    {
        if (Current is not { } batch) return Refusal.NotFound<BatchEvent>(Unknown.Batch(Code));
        var recorded = command.EventId is { } id ? EventWithId(id) : Task.FromResult<BatchEvent?>(null);
        var registered = BizStep.Shipping.Is(command.BizStep) && Ids.IsValid(command.Destination)
            ? IsRegistered(command.Destination!)
            : Task.FromResult(false);
        var attached = command.Documents is { Count: > 0 } ? AttachedDocuments() : Task.FromResult<IReadOnlySet<string>?>(null);
        var facts = new EventFacts(await recorded, await registered, await attached);
        var decided = BatchDecisions.RecordEvent(batch, state.State.CreatedEventTime, command, actor, clock.GetUtcNow(), facts, NewId());
        return await Apply(decided, command.EventId, actor);
    }

    public async Task<Outcome<BatchEvent>> Recall(RecallBatch command, Actor actor)
    {
        if (Current is not { } batch) return Refusal.NotFound<BatchEvent>(Unknown.Batch(Code));
        var seen = command.EventId is { } id ? await EventWithId(id) : null;
        var decided = BatchDecisions.Recall(batch, state.State.CreatedEventTime, command, actor, clock.GetUtcNow(), seen, NewId());
        var recalled = await Apply(decided, command.EventId, actor);
        // Acknowledged once every scan downstream says recalled (also on a retry, which makes a push a failure lost);
        // this lot's own kept verdict sees the new event by itself.
        if (recalled.IsOk && batch.Children.Count > 0)
            await Queries.DescendantWalk.ForgetVerdictsBelow(grains, Code, [.. batch.Children.Select(c => c.Batch)]);
        return recalled;
    }

    /// <summary>Writes a decided event (a retried request answers with what it first recorded, writing nothing).</summary>
    private async Task<Outcome<BatchEvent>> Apply(Outcome<EventRecording> decided, string? eventId, Actor actor)
    {
        if (!decided.IsOk) return decided.As<BatchEvent>();
        var change = decided.Value!;
        if (change.Replayed)
        {
            await LogHead();
            return Outcome<BatchEvent>.Ok(change.Event);
        }

        await Append(change.Event, change.Header);
        if (eventId is not null) Remember(eventId, actor, change.Event.Sequence);
        await Save();
        NguonTelemetry.EventsRecorded.Add(1, new KeyValuePair<string, object?>("biz_step", change.Event.BizStep));
        return Outcome<BatchEvent>.Ok(change.Event);
    }

    /// <summary>Hands the head to the transparency log (<see cref="HeadOutbox"/>), after the state that holds it is
    /// written. A retry that finds its change applied hands it again if it is not confirmed yet.</summary>
    private Task LogHead()
    {
        if (outbox.Confirmed < Current!.EventCount && outbox.Pending == 0) outbox.Send(Head());
        return Task.CompletedTask;
    }

    private ChainHead Head() => new(RecordKind.Batch, Code, Current!.EventCount, Current.HeadHash);

    private static string NewId() => Guid.NewGuid().ToString("N");

    private async Task<bool> IsRegistered(string organisation) => await grains.GetGrain<IOrganisationGrain>(organisation).Get() is not null;

    /// <summary>The hashes of the documents attached to this batch (its document grain reads no batch for this).</summary>
    private async Task<IReadOnlySet<string>?> AttachedDocuments()
    {
        var documents = await grains.GetGrain<IDocumentGrain>(DocumentRules.Key(DocumentSubjectKind.Batch, Code)).GetAll();
        return documents.Select(d => d.Sha256.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Appends an event the decision sealed, after moving a full open page to its page grain, and takes
    /// the header after it; the caller writes the state.</summary>
    private async Task Append(BatchEvent sealedEvent, Batch header)
    {
        if (state.State.OpenPage.Count >= PageSize)
        {
            await grains.GetGrain<IBatchEventPageGrain>(PageKey(state.State.SealedPages)).Seal(state.State.OpenPage);
            state.State.SealedPages++;
            state.State.OpenPage = [];
        }
        state.State.OpenPage.Add(sealedEvent);
        state.State.Batch = header;
    }

    private async Task<IReadOnlyList<BatchEvent>> AllEvents()
    {
        // A copy: the open page keeps growing, and results are passed by reference between grains ([Immutable]).
        if (state.State.SealedPages == 0) return [.. state.State.OpenPage];
        var pages = await Fanout.Map(Enumerable.Range(0, state.State.SealedPages).ToList(),
            i => grains.GetGrain<IBatchEventPageGrain>(PageKey(i)).Get());
        return [.. pages.SelectMany(p => p), .. state.State.OpenPage];
    }

    /// <summary>The event recorded under this event id (or operation id), by whoever recorded it: the open page and
    /// the ring of recent operations first, then the sealed pages.</summary>
    private async Task<BatchEvent?> EventWithId(string id)
    {
        if (state.State.OpenPage.FirstOrDefault(e => e.EventId == id) is { } open) return open;
        if (state.State.RecentOperations.FirstOrDefault(o => o.OperationId == id) is { } applied) return await EventAt(applied.Sequence);
        if (state.State.SealedPages == 0) return null;
        return (await AllEvents()).FirstOrDefault(e => e.EventId == id);
    }

    /// <summary>The event an operation of this actor already recorded (a retried split), if recent.</summary>
    private async Task<BatchEvent?> Applied(string operationId, Actor actor) =>
        await EventWithId(operationId) is { } seen && seen.Actor == actor.Organisation ? seen : null;

    private void Remember(string operationId, Actor actor, int sequence) =>
        state.State.RecentOperations =
        [
            .. state.State.RecentOperations.TakeLast(RecentOperationsKept - 1),
            new AppliedOperation(operationId, actor.Organisation, sequence),
        ];

    private async Task<BatchEvent> EventAt(int sequence)
    {
        if (state.State.OpenPage.FirstOrDefault(e => e.Sequence == sequence) is { } open) return open;
        var page = await grains.GetGrain<IBatchEventPageGrain>(PageKey((sequence - 1) / PageSize)).Get();
        return page.Single(e => e.Sequence == sequence);
    }

    private string PageKey(int page) => $"{Code}#{page}";

    /// <summary>Signs the head, writes the state with it, then logs the head; if the write fails the in-memory state
    /// may be ahead of storage, so the activation is dropped and the next call reloads what was really stored.</summary>
    private async Task Save()
    {
        state.State.HeadSignature = signer.SignHead(Head());
        state.State.LoggedThrough = outbox.Confirmed;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
        outbox.Send(Head());
    }
}
