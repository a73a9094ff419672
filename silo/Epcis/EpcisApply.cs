using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Nguon.Domain;
using Nguon.Domain.Epcis;
using Nguon.Model;

namespace Nguon.Silo.Epcis;

/// <summary>What applying a capture's events did: the events to store (each with the Nguon lot it is about) and the errors
/// of those refused.</summary>
public sealed record ApplyResult(IReadOnlyList<StoredEvent> ToStore, IReadOnlyList<CaptureError> Errors);

/// <summary>Captured events that mean a Nguon command are applied as that command through the grain calls the HTTP API makes
/// (same rules, custody and permission checks; the actor is the capturing key's). The document is first checked whole, in
/// order, against a simulated state (<see cref="EpcisDocumentCheck"/>); then the commands that passed are applied one after
/// the other. Under <c>rollback</c> one refusal in the check applies and stores nothing. A change by another client between
/// check and apply that makes a grain refuse an event stops there: the events applied before it stay (each passed every
/// rule, checked and applied), are stored, and the job fails naming the event and its rule; later events are neither applied
/// nor stored. Under <c>proceed</c> each refused event fails alone.
/// <para>Order: apply first, then store (with the lot in the batch column), so a stored event about a Nguon lot always
/// means an applied one. A crash between the two leaves an applied event unstored; capturing the document again applies
/// nothing twice, because every command carries an id derived from its eventID (an event id, an operation id; a harvest is
/// one per farm and batch code) that the grains recognise as a retry, and then stores it.</para></summary>
public sealed class EpcisApply(IGrainFactory grains, EpcisEventStore store, TimeProvider clock, LoadedWorld loader)
{
    public async Task<ApplyResult> Run(IReadOnlyList<PreparedEvent> prepared, IReadOnlyList<JsonElement> events,
        JsonElement? documentContext, Actor actor, bool allOrNothing, CancellationToken cancellationToken)
    {
        var ns = EpcisNamespaces.Standard.With(documentContext);
        var stored = await store.StoredHashes([.. prepared.Select(p => p.EventId)], cancellationToken);
        var errors = new List<CaptureError>();
        var again = new List<StoredEvent>();
        var fresh = new List<PreparedEvent>();
        foreach (var p in prepared)
        {
            if (!stored.TryGetValue(p.EventId, out var hash)) fresh.Add(p);
            else if (hash == p.HashId) again.Add(Stored(p, null)); // a re-capture: applied and stored the first time
            else errors.Add(EpcisCapture.Conflict(p));
        }
        // Lots named only by GTIN + lot that no Nguon batch carries are lots Nguon does not trace: such an event is stored as
        // captured, like any event about things Nguon does not model.
        var names = fresh.Select(p => NguonEpcisCommands.Names(events[p.Index], ns)).ToList();
        var labelKeys = names.SelectMany(n => n.Lots).Where(l => l is { Gtin: { } g, Lot: not null } && Gtin.IsValid(g))
            .Select(l => DigitalLink.LabelKeyFor(l.Gtin!, l.Lot!)).Distinct(StringComparer.Ordinal).ToList();
        var labels = await loader.Labels(labelKeys);
        var commands = fresh.Zip(names).Select(x => Foreign(x.Second, labels) ? NotNguon.Instance
            : WithIds(NguonEpcisCommands.Map(events[x.First.Index], ns), x.First.EventId)).ToList();
        var operations = fresh.Select(p => OperationId(p.EventId)).ToList();
        var world = await loader.Load(commands, operations, actor, labels, labelKeys.ToHashSet(StringComparer.Ordinal));
        var verdicts = WithoutRefusedParts(EpcisDocumentCheck.Run(commands, operations, actor, clock.GetUtcNow(), world),
            [.. fresh.Select(p => events[p.Index])]);
        errors.AddRange(fresh.Zip(verdicts).Where(v => !v.Second.Passes)
            .Select(v => Refused(v.First, v.Second.Status, v.Second.Violations)));
        if (allOrNothing && errors.Count > 0) return new([], errors);

        var toStore = new List<StoredEvent>(again);
        for (var i = 0; i < fresh.Count; i++)
        {
            var (p, verdict) = (fresh[i], verdicts[i]);
            if (!verdict.Passes) continue;
            var (status, violations) = await Apply(verdict.Command, operations[i], actor);
            if (status == OutcomeStatus.Ok)
            {
                toStore.Add(Stored(p, verdict.Batch));
                continue;
            }
            errors.Add(Refused(p, status, violations));
            if (allOrNothing) break;
        }
        return new(toStore, errors);
    }

    /// <summary>The other side of a merge or split refused in this document (a take, a part's creation) says what did not
    /// happen: it fails with it instead of being stored.</summary>
    private static List<EventVerdict> WithoutRefusedParts(IReadOnlyList<EventVerdict> verdicts, IReadOnlyList<JsonElement> events)
    {
        var refused = verdicts.Zip(events).Where(v => !v.First.Passes && v.First.Command is CombineCommand or SplitCommand)
            .Select(v => v.Second.TryGetProperty("transformationID", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString() : null)
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. verdicts.Select(v => v.Command is ImpliedEvent implied && refused.Contains(implied.TransformationId)
            ? v with { Status = OutcomeStatus.Rejected, Violations = [new("mapping.part-of-refused",
                $"the operation {implied.TransformationId} this event is part of was refused")] }
            : v)];
    }

    private static bool Foreign((IReadOnlyList<LotRef> Lots, bool NamesNguon) names, IReadOnlyDictionary<string, string> labels) =>
        !names.NamesNguon && names.Lots.All(l => l is not { Gtin: { } g, Lot: { } lot } || !Gtin.IsValid(g)
            || !labels.ContainsKey(DigitalLink.LabelKeyFor(g, lot)));

    /// <summary>A command through the grain call the HTTP API makes for it.</summary>
    private async Task<(OutcomeStatus, IReadOnlyList<Violation>)> Apply(EpcisMeaning command, string operationId, Actor actor)
    {
        static (OutcomeStatus, IReadOnlyList<Violation>) Of<T>(Outcome<T> o) => (o.Status, o.Violations);
        return command switch
        {
            HarvestCommand h => Of(await grains.GetGrain<IFarmGrain>(h.Farm).RecordHarvest(h.Harvest, actor)),
            CombineCommand c => Of(await grains.GetGrain<IBatchGrain>(c.Combine.BatchCode).Combine(c.Combine, actor, operationId)),
            SplitCommand s => Of(await grains.GetGrain<IBatchGrain>(s.Input.BatchCode!).Split(s.Split, actor, operationId)),
            ObserveCommand o => Of(await grains.GetGrain<IBatchGrain>(o.Lot.BatchCode!).RecordEvent(o.Event, actor)),
            RecallCommand r => Of(await grains.GetGrain<IBatchGrain>(r.Lot.BatchCode!).Recall(r.Recall, actor)),
            _ => (OutcomeStatus.Ok, []), // stored as captured: nothing Nguon models, or a side of a command applied with it
        };
    }

    /// <summary>An event or recall names its Nguon event id when it came from Nguon (<c>nguon:eventId</c>); a foreign one gets
    /// one from its eventID, so capturing it again is a retry the batch recognises.</summary>
    private static EpcisMeaning WithIds(EpcisMeaning meaning, string eventId) => meaning switch
    {
        ObserveCommand o when o.Event.EventId is null => o with { Event = o.Event with { EventId = OperationId(eventId) } },
        RecallCommand r when r.Recall.EventId is null => r with { Recall = r.Recall with { EventId = OperationId(eventId) } },
        _ => meaning,
    };

    /// <summary>The idempotency key of an event's command: the same eventID (so the same content) always gives the same.</summary>
    public static string OperationId(string eventId) =>
        "epcis-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)))[..32];

    private static StoredEvent Stored(PreparedEvent e, string? batch) => new(e.EventId, e.HashId, batch, e.Indexed, e.Json);

    private static CaptureError Refused(PreparedEvent e, OutcomeStatus status, IReadOnlyList<Violation> violations)
    {
        var code = Api.ApiResults.StatusOf(status, violations);
        var rule = violations.Count > 0 ? violations[0].Rule : "rule.refused";
        return new(code == 403 ? EpcisProblems.Security : EpcisProblems.Validation, "Refused by a Nguon rule", code,
            $"eventList[{e.Index}]: {rule}: {string.Join("; ", violations.Select(v => v.Message))}", e.Index, e.EventId, rule);
    }
}
