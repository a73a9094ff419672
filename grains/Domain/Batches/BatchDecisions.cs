using Nguon.Model;

namespace Nguon.Domain.Batches;

/// <summary>The batch's own commands as decisions: given the batch, the command, the actor, the time and what the
/// grain loaded, the change to apply or every reason it is refused. The grain loads, decides, applies and writes.</summary>
public static class BatchDecisions
{
    /// <summary>An event recorded on the batch, with its custody transition (shipping, receiving, recall).</summary>
    /// <param name="newEventId">The id for the event when the command names none.</param>
    public static Outcome<EventRecording> RecordEvent(Batch batch, DateTimeOffset createdEventTime, RecordEvent command,
        Actor actor, DateTimeOffset now, EventFacts facts, string newEventId)
    {
        // A full CBV URI is accepted and stored as the bare name, as the vocabulary writes steps in events.
        var step = BizStep.Find(command.BizStep)?.Value ?? command.BizStep;
        var disposition = Disposition.Find(command.Disposition)?.Value ?? command.Disposition;
        if (Permissions.RecordEvent(actor, batch, step) is { } denied) return Outcome<EventRecording>.Forbidden(denied);
        if (Disposition.Recalled.Is(disposition) && Permissions.Recall(actor, batch.Code) is { } noRecall)
            return Outcome<EventRecording>.Forbidden(noRecall);

        var draft = Draft(EventTypes.Object, step, disposition, command.EventTime, now, command.ReadPoint, actor,
            command.EventId ?? newEventId) with
        {
            BizLocation = command.BizLocation,
            Quantity = command.Quantity,
            Sensors = command.Sensors ?? [],
            Documents = command.Documents ?? [],
            Destination = command.Destination,
        };
        if (EventIds.Reused(batch, facts.AlreadyRecorded, draft) is { } reused) return reused;

        var violations = BatchRules.CheckEvent(batch, command, createdEventTime, now);
        if (BizStep.Shipping.Is(step) && Ids.IsValid(command.Destination) && !facts.DestinationRegistered
            && violations.All(v => v.Rule != "input.destination"))
            violations.Add(new("input.destination", $"the destination {command.Destination} is not a registered organisation"));
        violations.AddRange(Unattached(batch, command.Documents ?? [], facts.AttachedDocuments));
        if (violations.Count > 0) return Outcome<EventRecording>.Rejected(violations);

        var (sealedEvent, header) = Next(batch, Custody.After(batch, step, disposition, command.Destination), draft);
        return Outcome<EventRecording>.Ok(new(sealedEvent, header));
    }

    /// <summary>A recall by an inspector or the authority: a <c>holding</c> event with disposition <c>recalled</c>
    /// and the reason in its own hashed field, on any lot that is not recalled already, consumed or not (a harvest found
    /// bad after it was merged or split is recalled where it is, and every descendant's verdict follows).</summary>
    /// <param name="sameId">The event already recorded on this batch under the command's event id, if any.</param>
    public static Outcome<EventRecording> Recall(Batch batch, DateTimeOffset createdEventTime, RecallBatch command,
        Actor actor, DateTimeOffset now, BatchEvent? sameId, string newEventId)
    {
        if (Permissions.Recall(actor, batch.Code) is { } denied) return Outcome<EventRecording>.Forbidden(denied);
        // A retry that names no time means the time the first attempt recorded.
        var eventTime = command.EventTime ?? sameId?.EventTime ?? now;
        var draft = Draft(EventTypes.Object, BizStep.Holding, Disposition.Recalled, eventTime, now, null, actor,
            command.EventId ?? newEventId) with
        { Reason = command.Reason?.Trim() };
        if (EventIds.Reused(batch, sameId, draft) is { } reused) return reused;
        if (batch.Status == BatchStatus.Recalled) return Conflict<EventRecording>(RecallRules.AlreadyRecalled(batch.Code));

        var violations = RecallRules.CheckReason(command.Reason);
        violations.AddRange(BatchRules.CheckTime(batch, eventTime, createdEventTime, now));
        if (violations.Count > 0) return Outcome<EventRecording>.Rejected(violations);
        var (sealedEvent, header) = Next(batch, Custody.After(batch, BizStep.Holding, Disposition.Recalled, null), draft);
        return Outcome<EventRecording>.Ok(new(sealedEvent, header));
    }

    /// <summary>An event cites only documents attached to its own batch (by SHA-256), never another subject's.</summary>
    public static IEnumerable<Violation> Unattached(Batch batch, IReadOnlyList<DocumentRef> cited, IReadOnlySet<string> attached) =>
        cited.Where(d => d.Sha256 is { Length: 64 } && !attached.Contains(d.Sha256.ToLowerInvariant()))
            .Select(d => d.Sha256.ToLowerInvariant()).Distinct()
            .Select(sha => new Violation("document.not-attached",
                $"document {sha} is not attached to {batch.Code}: attach it to the batch before citing it"));

    /// <summary>A new batch (a harvest, a split part, a merge's output). Its label must be free or already its own:
    /// <paramref name="labelHolder"/> is the batch the label names after the grain tried to claim it.</summary>
    public static Outcome<BatchOpening> Create(string code, BatchCreation creation, Actor actor, DateTimeOffset now,
        string? labelHolder, string eventId)
    {
        if (creation.Gtin is { } gtin && creation.Lot is { } lot && labelHolder is not null && labelHolder != code)
            return Conflict<BatchOpening>(InputRules.LabelTaken(gtin, lot, labelHolder));
        var header = new Batch(code, creation.Gtin is null ? null : Gtin.ToGtin14(creation.Gtin), creation.Lot, creation.Product,
            creation.Variety, creation.Quantity, creation.Quantity.Amount, BatchStatus.Active, creation.GiClaim, creation.Custodian,
            null, creation.Origin, [], 1, "", now, FirstCustodian: creation.Custodian, FormerCustodians: []);
        var first = EventHashing.Seal(Draft(creation.EventType, creation.BizStep, Disposition.Active, creation.EventTime, now,
            creation.ReadPoint, actor, eventId) with
        {
            Sequence = 1,
            Quantity = creation.Quantity,
            Inputs = creation.Inputs,
            PreviousHash = BatchRecord.CreationHash(header),
        });
        return Outcome<BatchOpening>.Ok(new(header with { HeadHash = first.Hash }, first));
    }

    /// <summary>A creation for a code that already names a batch: a retry of the operation that made it is
    /// answered with the batch; any other is refused.</summary>
    /// <param name="first">The batch's first event when it is its only one (else null).</param>
    public static Outcome<BatchReopening> CreateAgain(Batch existing, BatchEvent? first, string? createdBy, BatchCreation creation)
    {
        if (createdBy != creation.OperationId) return Conflict<BatchReopening>(BatchRules.Exists(existing.Code));
        // A retried split may have had to record its event anew (the first attempt died before the parent's write):
        // the child, still untouched (its creation event alone), points at the event that now stands. Its creation
        // record changes, so its first event is sealed again over it; a child with later events keeps its history.
        var repoint = !existing.Origin.Parents.SequenceEqual(creation.Origin.Parents) && existing.Children.Count == 0
            && existing.EventCount == 1 && first is { Sequence: 1 };
        if (!repoint) return Outcome<BatchReopening>.Ok(new(existing, false));
        var header = existing with { Origin = creation.Origin };
        var resealed = EventHashing.Seal(first! with { PreviousHash = BatchRecord.CreationHash(header) });
        return Outcome<BatchReopening>.Ok(new(header with { HeadHash = resealed.Hash }, true, resealed));
    }

    /// <summary>A merge or transformation naming a code that already names a batch: a retry of the operation that
    /// made it is answered with the batch; any other is refused.</summary>
    public static Outcome<Batch> CombineAgain(Batch existing, string? createdBy, string? operationId) =>
        operationId is not null && createdBy == operationId
            ? Outcome<Batch>.Ok(existing)
            : Conflict<Batch>(BatchRules.Exists(existing.Code));

    /// <summary>An event with everything a command does not set left empty; <see cref="Next"/> numbers and seals it.</summary>
    internal static BatchEvent Draft(string type, string bizStep, string? disposition, DateTimeOffset eventTime,
        DateTimeOffset now, string? readPoint, Actor actor, string eventId) =>
        new(0, eventId, type, bizStep, disposition, eventTime, now, readPoint, null, actor.Organisation, null, [], [], [], [],
            null, "", "");

    /// <summary>The batch's next event (numbered after its head, linked to its head hash, sealed) and the header
    /// <paramref name="after"/> it that records it as the head.</summary>
    internal static (BatchEvent Event, Batch Header) Next(Batch before, Batch after, BatchEvent draft)
    {
        var e = EventHashing.Seal(draft with { Sequence = before.EventCount + 1, PreviousHash = before.HeadHash });
        return (e, after with { EventCount = e.Sequence, HeadHash = e.Hash });
    }

    internal static Outcome<T> Conflict<T>(Violation violation) => new(OutcomeStatus.Conflict, default, [violation]);
}
