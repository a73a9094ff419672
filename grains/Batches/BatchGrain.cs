using Nguon.Domain;
using Nguon.Infrastructure;
using Nguon.Model;
using Nguon.Telemetry;

namespace Nguon.Batches;

/// <summary>A product batch. Non-reentrant: each command sees and writes the state alone, which is what keeps
/// concurrent writers on one batch from losing an event.</summary>
[GrainType("batch")]
public sealed partial class BatchGrain(
    [PersistentState("batch", Storage.Name)] IPersistentState<BatchState> state,
    IGrainFactory grains,
    TimeProvider clock) : Grain, IBatchGrain
{
    /// <summary>Events kept in the batch's own row; older events move to sealed page grains so a long history
    /// never makes each write bigger.</summary>
    public const int PageSize = 16;
    public const int MaxChildren = 1000;
    public const int MaxInputs = 100;
    private const int RecentTakesKept = 32;
    public const int RecentOperationsKept = 64;

    private Batch? Current => state.State.Batch;
    private string Code => this.GetPrimaryKeyString();

    public Task<Outcome<Batch>> Get(Actor reader) => Task.FromResult(Readable(reader));

    public async Task<Outcome<IReadOnlyList<BatchEvent>>> GetEvents(Actor reader) =>
        Readable(reader) is { IsOk: false } refused
            ? refused.As<IReadOnlyList<BatchEvent>>()
            : Outcome<IReadOnlyList<BatchEvent>>.Ok(await AllEvents());

    public async Task<Outcome<PublicLabel>> GetLabel()
    {
        if (Current is not { } batch) return Outcome<PublicLabel>.NotFound("batch.unknown", $"batch {Code} is not registered");
        if (batch.Gtin is not { } gtin || batch.Lot is not { } lot)
            return Outcome<PublicLabel>.Rejected("label.no-gtin", $"batch {Code} carries no GTIN and lot, so it has no label");
        // Certificates are public records: the GI's name is printed under the code.
        var gi = batch.GiClaim is null ? null : await grains.GetGrain<ICertificateGrain>(batch.GiClaim).Get();
        return Outcome<PublicLabel>.Ok(new PublicLabel(Code, gtin, lot, batch.Product, batch.GiClaim, gi?.Name));
    }

    private Outcome<Batch> Readable(Actor reader) =>
        Permissions.Read(Current, new("batch.unknown", $"batch {Code} is not registered"), b => Permissions.ReadBatch(reader, b));

    // Internal protocol (no read check): see IBatchGrain.
    public Task<Batch?> GetRecord() => Task.FromResult(Current);

    public Task<BatchCreated?> GetCreation() =>
        Task.FromResult(Current is { } batch ? new BatchCreated(batch, state.State.CreationOperationId) : null);

    public async Task<BatchNode?> GetNode() => Current is null ? null : new BatchNode(Current, await AllEvents());

    public async Task<Outcome<Batch>> Create(BatchCreation creation, Actor actor)
    {
        if (Current is { } existing)
        {
            if (state.State.CreationOperationId != creation.OperationId)
                return Outcome<Batch>.Conflict("batch.exists", $"batch {Code} already exists");
            // The same operation again (a retry). A retried split may have had to record its event anew (the first
            // attempt died before the parent's write): point this child at the event that now stands.
            if (!existing.Origin.Parents.SequenceEqual(creation.Origin.Parents) && existing.Children.Count == 0)
            {
                state.State.Batch = existing with { Origin = creation.Origin };
                await Save();
            }
            return Outcome<Batch>.Ok(Current!);
        }
        if (creation.Gtin is { } gtin && creation.Lot is { } lot
            && !await grains.GetGrain<ILabelGrain>(DigitalLink.LabelKeyFor(gtin, lot)).Claim(Code))
            return Outcome<Batch>.Conflict("label.taken", $"GTIN {gtin} lot {lot} already labels another batch");
        var now = clock.GetUtcNow();
        var first = EventHashing.Seal(new BatchEvent(1, Guid.NewGuid().ToString("N"), creation.EventType, creation.BizStep, "active",
            creation.EventTime, now, creation.ReadPoint, null, actor.Organisation, creation.Quantity,
            creation.Inputs, [], [], [], null, EventHashing.Genesis, ""));
        state.State = new BatchState
        {
            Batch = new Batch(Code, creation.Gtin is null ? null : Gtin.ToGtin14(creation.Gtin), creation.Lot, creation.Product, creation.Variety,
                creation.Quantity, creation.Quantity.Amount, BatchStatus.Active, creation.GiClaim, creation.Custodian, null,
                creation.Origin, [], 1, first.Hash, now),
            CreationOperationId = creation.OperationId,
            CreatedEventTime = creation.EventTime,
            OpenPage = [first],
        };
        await Save();
        NguonTelemetry.EventsRecorded.Add(1, new KeyValuePair<string, object?>("biz_step", creation.BizStep));
        return Outcome<Batch>.Ok(Current!);
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
        if (Current is not { } batch) return Outcome<BatchEvent>.NotFound("batch.unknown", $"batch {Code} is not registered");
        if (Permissions.RecordEvent(actor, batch, command.BizStep) is { } denied) return Outcome<BatchEvent>.Forbidden(denied);
        if (command.EventId is { } id && await Applied(id, actor) is { } seen)
            return Outcome<BatchEvent>.Ok(seen); // a retried request answers with what it first recorded
        var violations = BatchRules.CheckEvent(batch, command, state.State.CreatedEventTime, clock.GetUtcNow());
        if (command.BizStep == "shipping" && command.Destination is { } destination && Ids.IsValid(destination) && await grains.GetGrain<IOrganisationGrain>(destination).Get() is null)
            violations.Add(new("input.destination", $"the destination {destination} is not a registered organisation"));
        if (violations.Count > 0) return Outcome<BatchEvent>.Rejected(violations);

        var e = NewEvent("ObjectEvent", command.BizStep, command.Disposition, command.EventTime, command.ReadPoint, actor) with
        {
            EventId = command.EventId ?? Guid.NewGuid().ToString("N"),
            BizLocation = command.BizLocation,
            Quantity = command.Quantity,
            Sensors = command.Sensors ?? [],
            Documents = command.Documents ?? [],
            Destination = command.Destination,
        };
        var status = BatchRules.StatusAfter(batch.Status, command.BizStep, command.Disposition);
        var updated = batch with
        {
            Status = status,
            Destination = command.BizStep == "shipping" ? command.Destination : status == BatchStatus.InTransit ? batch.Destination : null,
            Custodian = command.BizStep == "receiving" && batch.Destination is { } to ? to : batch.Custodian,
        };
        var sealedEvent = await Append(e, updated);
        if (command.EventId is { } eventId) Remember(eventId, actor, sealedEvent.Sequence);
        await Save();
        NguonTelemetry.EventsRecorded.Add(1, new KeyValuePair<string, object?>("biz_step", sealedEvent.BizStep));
        return Outcome<BatchEvent>.Ok(sealedEvent);
    }

    /// <summary>The next event in the chain (sequence, record time, actor and previous hash filled in, not yet sealed).</summary>
    private BatchEvent NewEvent(string type, string bizStep, string? disposition, DateTimeOffset eventTime, string? readPoint, Actor actor) =>
        new(Current!.EventCount + 1, Guid.NewGuid().ToString("N"), type, bizStep, disposition, eventTime, clock.GetUtcNow(),
            readPoint, null, actor.Organisation, null, [], [], [], [], null, Current.HeadHash, "");

    /// <summary>Seals the event, moves a full open page to its page grain, and updates the header in memory;
    /// the caller writes the state.</summary>
    private async Task<BatchEvent> Append(BatchEvent e, Batch updated)
    {
        var sealedEvent = EventHashing.Seal(e);
        if (state.State.OpenPage.Count >= PageSize)
        {
            await grains.GetGrain<IBatchEventPageGrain>(PageKey(state.State.SealedPages)).Seal(state.State.OpenPage);
            state.State.SealedPages++;
            state.State.OpenPage = [];
        }
        state.State.OpenPage.Add(sealedEvent);
        state.State.Batch = updated with { EventCount = sealedEvent.Sequence, HeadHash = sealedEvent.Hash };
        return sealedEvent;
    }

    private async Task<IReadOnlyList<BatchEvent>> AllEvents()
    {
        // A copy: the open page keeps growing, and results are passed by reference between grains ([Immutable]).
        if (state.State.SealedPages == 0) return [.. state.State.OpenPage];
        var pages = await Fanout.Map(Enumerable.Range(0, state.State.SealedPages).ToList(),
            i => grains.GetGrain<IBatchEventPageGrain>(PageKey(i)).Get());
        return [.. pages.SelectMany(p => p), .. state.State.OpenPage];
    }

    /// <summary>The event an operation (or caller-chosen event id) of this actor already recorded, if recent.</summary>
    private async Task<BatchEvent?> Applied(string operationId, Actor actor)
    {
        if (state.State.OpenPage.FirstOrDefault(e => e.EventId == operationId && e.Actor == actor.Organisation) is { } open) return open;
        if (state.State.RecentOperations.FirstOrDefault(o => o.OperationId == operationId && o.Actor == actor.Organisation) is not { } applied) return null;
        return await EventAt(applied.Sequence);
    }

    private void Remember(string operationId, Actor actor, int sequence) =>
        state.State.RecentOperations = [.. state.State.RecentOperations.TakeLast(RecentOperationsKept - 1), new AppliedOperation(operationId, actor.Organisation, sequence)];

    private async Task<BatchEvent> EventAt(int sequence)
    {
        if (state.State.OpenPage.FirstOrDefault(e => e.Sequence == sequence) is { } open) return open;
        var page = await grains.GetGrain<IBatchEventPageGrain>(PageKey((sequence - 1) / PageSize)).Get();
        return page.Single(e => e.Sequence == sequence);
    }

    private string PageKey(int page) => $"{Code}#{page}";

    /// <summary>Writes the state; if the write fails the in-memory state may be ahead of storage, so the
    /// activation is dropped and the next call reloads what was really stored.</summary>
    private async Task Save()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
