using Nguon.Model;

namespace Nguon.Domain;

/// <summary>Time, state and lineage rules for batch events.</summary>
public static class BatchRules
{
    /// <summary>Business steps a client may record directly (CBV 2.0 names; fumigation is Nguon's own URI because
    /// CBV has no treating step). Commissioning, splits and merges come from their own commands.</summary>
    public static readonly IReadOnlySet<string> RecordableSteps = new HashSet<string>(StringComparer.Ordinal)
    {
        "packing", "storing", "shipping", "receiving", "inspecting", "sampling", "loading", "departing",
        "arriving", "holding", "retail_selling", "destroying", Fumigating,
    };

    public const string Fumigating = "urn:nguon:bizstep:fumigating";

    public static readonly IReadOnlySet<string> Dispositions = new HashSet<string>(StringComparer.Ordinal)
    {
        "active", "in_transit", "conformant", "non_conformant", "recalled", "destroyed", "expired", "in_progress",
        "sellable_accessible", "needs_replacement",
    };

    /// <summary>The state rules every new event must pass: the batch can take events, the event is not before
    /// the batch existed, and it is not far in the future.</summary>
    public static List<Violation> CheckCanRecord(Batch batch, DateTimeOffset eventTime, DateTimeOffset createdEventTime, DateTimeOffset now)
    {
        var v = new List<Violation>();
        if (batch.Status is BatchStatus.Consumed or BatchStatus.Recalled)
            v.Add(new("state.closed", $"{batch.Code} is {batch.Status.ToString().ToLowerInvariant()}: it takes no more events"));
        if (eventTime < createdEventTime)
            v.Add(new("time.before-creation", $"event time {EventHashing.Time(eventTime)} is before {batch.Code} existed ({EventHashing.Time(createdEventTime)})"));
        if (eventTime > now.AddMinutes(10))
            v.Add(new("time.future", $"event time {EventHashing.Time(eventTime)} is in the future"));
        return v;
    }

    public static List<Violation> CheckEvent(Batch batch, RecordEvent e, DateTimeOffset createdEventTime, DateTimeOffset now)
    {
        var v = CheckCanRecord(batch, e.EventTime, createdEventTime, now);
        if (!RecordableSteps.Contains(e.BizStep))
            v.Add(new("input.biz-step", $"unknown or reserved business step '{e.BizStep}'"));
        if (e.Disposition is not null && !Dispositions.Contains(e.Disposition))
            v.Add(new("input.disposition", $"unknown disposition '{e.Disposition}'"));
        if (e.Quantity is not null && Units.Check(e.Quantity, "the event quantity", allowZero: true) is { } q) v.Add(q);
        if (e.BizStep == "shipping" && string.IsNullOrWhiteSpace(e.Destination))
            v.Add(new("input.destination", "shipping names the receiving organisation (destination)"));
        if (e.BizStep == "shipping" && batch.Status == BatchStatus.InTransit)
            v.Add(new("state.in-transit", $"{batch.Code} is already in transit"));
        if (e.BizStep == "receiving" && batch.Status != BatchStatus.InTransit)
            v.Add(new("state.not-in-transit", $"{batch.Code} is not in transit, so it cannot be received"));
        foreach (var s in e.Sensors ?? [])
            if (string.IsNullOrWhiteSpace(s.Type) || string.IsNullOrWhiteSpace(s.Unit))
                v.Add(new("input.sensor", "each sensor reading names its type and unit"));
        foreach (var d in e.Documents ?? [])
            if (d.Sha256 is not { Length: 64 } || !d.Sha256.All(Uri.IsHexDigit))
                v.Add(new("input.document-hash", "document references are SHA-256 hashes (64 hex digits)"));
        if (e.BizStep == Fumigating && (e.Sensors ?? []).Count == 0)
            v.Add(new("input.sensor", "a fumigation event reports its dose and duration as sensor readings"));
        return v;
    }

    /// <summary>The status an event leaves the batch in.</summary>
    public static BatchStatus StatusAfter(BatchStatus current, string bizStep, string? disposition) =>
        disposition == "recalled" ? BatchStatus.Recalled
        : disposition == "destroyed" || bizStep == "destroying" ? BatchStatus.Consumed
        : bizStep == "shipping" ? BatchStatus.InTransit
        : bizStep == "receiving" ? BatchStatus.Active
        : current;

    /// <summary>Lineage stays acyclic: a new batch's code is none of its inputs, and inputs are distinct.</summary>
    public static List<Violation> CheckLineage(string outputCode, IReadOnlyList<string> inputCodes)
    {
        var v = new List<Violation>();
        if (inputCodes.Contains(outputCode, StringComparer.Ordinal))
            v.Add(new("lineage.cycle", $"{outputCode} cannot be its own input"));
        foreach (var dup in inputCodes.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
            v.Add(new("lineage.duplicate", $"{dup.Key} is listed more than once"));
        return v;
    }

    /// <summary>Detects a cycle in a traced graph (possible only if stored state was edited).</summary>
    public static IEnumerable<Violation> FindCycles(IReadOnlyDictionary<string, Batch> batches)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on stack, 2 = done
        var found = new List<Violation>();
        void Visit(string code)
        {
            state[code] = 1;
            foreach (var p in batches[code].Origin.Parents)
            {
                if (!batches.ContainsKey(p.Batch)) continue;
                var s = state.GetValueOrDefault(p.Batch);
                if (s == 1) found.Add(new("lineage.cycle", $"lineage of {code} loops back through {p.Batch}"));
                else if (s == 0) Visit(p.Batch);
            }
            state[code] = 2;
        }
        foreach (var code in batches.Keys)
            if (state.GetValueOrDefault(code) == 0) Visit(code);
        return found;
    }
}
