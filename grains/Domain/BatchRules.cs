using Nguon.Domain.Batches;
using Nguon.Model;

namespace Nguon.Domain;

/// <summary>Time, state and lineage rules for batch events.</summary>
public static class BatchRules
{
    /// <summary>A split makes at most this many parts at once.</summary>
    public const int MaxParts = 200;

    /// <summary>A batch has at most this many children (split parts and merge takes): its header stays bounded.</summary>
    public const int MaxChildren = 1000;

    /// <summary>A merge or transformation takes at most this many inputs.</summary>
    public const int MaxInputs = 100;

    /// <summary>Business steps a client may record directly (see <see cref="BizStep.Recordable"/>).</summary>
    public static readonly IReadOnlySet<string> RecordableSteps =
        BizStep.All.Where(s => s.Recordable).Select(s => s.Value).ToHashSet(StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Dispositions =
        Disposition.All.Select(d => d.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>A batch code names one batch.</summary>
    public static Violation Exists(string code) => new("batch.exists", $"batch {code} already exists");

    /// <summary>A batch on its way to another party is neither split nor used until it is received.</summary>
    public static Violation InTransit(Batch batch, string use) =>
        new("state.in-transit", $"{batch.Code} is in transit: it cannot be {use} until it is received");

    /// <summary>The state rules every new event must pass: the batch can take events, the event is not before
    /// the batch existed, and it is not far in the future.</summary>
    public static List<Violation> CheckCanRecord(Batch batch, DateTimeOffset eventTime, DateTimeOffset createdEventTime,
        DateTimeOffset now)
    {
        var v = new List<Violation>();
        if (batch.Status is BatchStatus.Consumed or BatchStatus.Recalled)
            v.Add(new("state.closed", $"{batch.Code} is {batch.Status.ToString().ToLowerInvariant()}: it takes no more events"));
        v.AddRange(CheckTime(batch, eventTime, createdEventTime, now));
        return v;
    }

    /// <summary>An event is not before the batch existed, and not far in the future.</summary>
    public static List<Violation> CheckTime(Batch batch, DateTimeOffset eventTime, DateTimeOffset createdEventTime,
        DateTimeOffset now)
    {
        var v = new List<Violation>();
        if (eventTime < createdEventTime)
            v.Add(new("time.before-creation",
                $"event time {EventHashing.Time(eventTime)} is before {batch.Code} existed ({EventHashing.Time(createdEventTime)})"));
        if (eventTime > now.AddMinutes(10))
            v.Add(new("time.future", $"event time {EventHashing.Time(eventTime)} is in the future"));
        return v;
    }

    /// <summary>An event as a client records it. Steps and dispositions are the vocabulary's, by bare name or full
    /// CBV URI.</summary>
    public static List<Violation> CheckEvent(Batch batch, RecordEvent e, DateTimeOffset createdEventTime, DateTimeOffset now)
    {
        var v = CheckCanRecord(batch, e.EventTime, createdEventTime, now);
        if (BizStep.Find(e.BizStep) is not { Recordable: true })
            v.Add(new("input.biz-step", $"unknown or reserved business step '{e.BizStep}'"));
        if (e.Disposition is not null && Disposition.Find(e.Disposition) is null)
            v.Add(new("input.disposition", $"unknown disposition '{e.Disposition}'"));
        if (Disposition.Destroyed.Is(e.Disposition) && !BizStep.Destroying.Is(e.BizStep))
            v.Add(new("input.disposition",
                "the disposition destroyed goes only with the destroying step (the custodian's); an inspector holds or recalls"));
        if (e.Quantity is not null && Units.Check(e.Quantity, "the event quantity", allowZero: true) is { } q) v.Add(q);
        if (BizStep.Shipping.Is(e.BizStep))
        {
            if (string.IsNullOrWhiteSpace(e.Destination))
                v.Add(new("input.destination", "shipping names the receiving organisation (destination)"));
            else if (InputRules.Id(e.Destination, "organisation id") is { } badId)
                v.Add(badId);
            else if (string.Equals(e.Destination, batch.Custodian, StringComparison.OrdinalIgnoreCase))
                v.Add(new("input.destination", $"{batch.Code} is in the custody of {batch.Custodian}: it cannot be shipped to itself"));
            if (batch.Status == BatchStatus.InTransit)
                v.Add(new("state.in-transit", $"{batch.Code} is already in transit"));
        }
        if (BizStep.Receiving.Is(e.BizStep) && batch.Status != BatchStatus.InTransit)
            v.Add(new("state.not-in-transit", $"{batch.Code} is not in transit, so it cannot be received"));
        foreach (var s in e.Sensors ?? [])
            if (string.IsNullOrWhiteSpace(s.Type) || string.IsNullOrWhiteSpace(s.Unit))
                v.Add(new("input.sensor", "each sensor reading names its type and unit"));
        foreach (var d in e.Documents ?? [])
            if (d.Sha256 is not { Length: 64 } || !d.Sha256.All(Uri.IsHexDigit))
                v.Add(new("input.document-hash", "document references are SHA-256 hashes (64 hex digits)"));
        if (BizStep.Fumigating.Is(e.BizStep) && (e.Sensors ?? []).Count == 0)
            v.Add(new("input.sensor", "a fumigation event reports its dose and duration as sensor readings"));
        return v;
    }

    /// <summary>The status an event leaves the batch in (see <see cref="Custody.StatusAfter"/>).</summary>
    public static BatchStatus StatusAfter(BatchStatus current, string bizStep, string? disposition) =>
        Custody.StatusAfter(current, bizStep, disposition);

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

    /// <summary>Detects a cycle in a traced graph (possible only if stored state was edited): one violation per edge
    /// that loops back to a batch still on the walk.</summary>
    /// <remarks>Iterative depth-first search with an explicit stack (any depth, no deep call stack), starting from each
    /// batch in the map's order and taking parents in their recorded order.</remarks>
    public static IEnumerable<Violation> FindCycles(IReadOnlyDictionary<string, Batch> batches)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on stack, 2 = done
        var found = new List<Violation>();
        var stack = new Stack<(string Code, IReadOnlyList<ParentLink> Parents, int Next)>();
        foreach (var start in batches.Keys)
        {
            if (state.GetValueOrDefault(start) != 0) continue;
            state[start] = 1;
            stack.Push((start, batches[start].Origin.Parents, 0));
            while (stack.Count > 0)
            {
                var (code, parents, next) = stack.Pop();
                if (next == parents.Count) { state[code] = 2; continue; }
                stack.Push((code, parents, next + 1));
                var p = parents[next].Batch;
                if (!batches.TryGetValue(p, out var parent)) continue;
                var s = state.GetValueOrDefault(p);
                if (s == 1) found.Add(new("lineage.cycle", $"lineage of {code} loops back through {p}"));
                else if (s == 0)
                {
                    state[p] = 1;
                    stack.Push((p, parent.Origin.Parents, 0));
                }
            }
        }
        return found;
    }
}
