using Nguon.Domain;
using Nguon.Domain.Batches;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Tests.Domain;

/// <summary>Builds batches the way the batch grain does (creation record hashed into the first event, commissioning
/// event, split/merge take events on the parents, parent links to those events, every head signed with
/// <see cref="Fixtures.Signer"/>), so tests can tamper with one thing.</summary>
public sealed class ChainBuilder
{
    public const string Custodian = "HTX-PHUONG-SON";
    private readonly Dictionary<string, Batch> batches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<BatchEvent>> events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HeadSignature> signatures = new(StringComparer.Ordinal);
    private readonly DateTimeOffset recorded = Fixtures.At(2025, 6, 10, 18);

    public Batch this[string code] => batches[code];
    public IReadOnlyList<BatchEvent> EventsOf(string code) => events[code];

    /// <summary>An unsealed event with everything but the sequence, step and previous hash left empty.</summary>
    public static BatchEvent Event(int sequence, string bizStep, DateTimeOffset eventTime, string previousHash,
        string eventType = "ObjectEvent", Quantity? quantity = null, string? disposition = "active") =>
        new(sequence, $"evt-{sequence:D4}-{bizStep}", eventType, bizStep, disposition, eventTime, eventTime.AddMinutes(5),
            "urn:epc:id:sgln:8930000.00001.0", null, Custodian, quantity, [], [], [], [], null, previousHash, "");

    /// <summary>A sealed chain of <paramref name="steps"/> events, the first linked to <paramref name="first"/>.</summary>
    public static List<BatchEvent> Chain(string first, params string[] steps)
    {
        var chain = new List<BatchEvent>();
        var previous = first;
        foreach (var step in steps)
        {
            var e = EventHashing.Seal(Event(chain.Count + 1, step, Fixtures.HarvestTime.AddHours(chain.Count), previous));
            chain.Add(e);
            previous = e.Hash;
        }
        return chain;
    }

    public Batch Harvest(string code, decimal kg, string? gi = Fixtures.GiNumber, string? farm = Fixtures.FarmCode,
        DateTimeOffset? harvestedAt = null, string product = "lychee", string? variety = "Thiều")
    {
        var q = new Quantity(kg, "kg");
        var header = new Batch(code, null, null, product, variety, q, kg, BatchStatus.Active, gi, Custodian, null,
            new BatchOrigin(OriginKind.Harvest, farm, "2025", [], null), [], 1, "", recorded, Custodian);
        Open(header, Event(1, "commissioning", harvestedAt ?? Fixtures.HarvestTime, "", quantity: q));
        return batches[code];
    }

    /// <summary>Splits <paramref name="parent"/>: one repackaging event on the parent, one child per part.</summary>
    public ChainBuilder Split(string parent, params (string Code, decimal Kg)[] parts)
    {
        var p = batches[parent];
        var total = parts.Sum(x => x.Kg);
        var split = Append(parent, "repackaging", "TransformationEvent", e => e with
        {
            Inputs = [new QuantityLink(parent, p.Quantity with { Amount = total })],
            Outputs = [.. parts.Select(x => new QuantityLink(x.Code, new Quantity(x.Kg, "kg")))],
        });
        var remaining = p.Remaining - total;
        Update(parent, b => b with
        {
            Remaining = remaining,
            Status = remaining == 0 ? BatchStatus.Consumed : b.Status,
            Children = [.. b.Children, .. parts.Select(x => new QuantityLink(x.Code, new Quantity(x.Kg, "kg")))],
        });
        foreach (var (code, kg) in parts)
            Derived(code, new Quantity(kg, "kg"), p.GiClaim, p.Product, p.Variety, OriginKind.Split,
                [new ParentLink(parent, new Quantity(kg, "kg"), split.Sequence, split.Hash, p.GiClaim)]);
        return this;
    }

    /// <summary>Merges the inputs into <paramref name="code"/>: one take event on each input, claim = common claim.</summary>
    public ChainBuilder Merge(string code, params (string Input, decimal Kg)[] inputs)
    {
        var links = new List<ParentLink>();
        foreach (var (input, kg) in inputs)
        {
            var take = new Quantity(kg, "kg");
            var e = Append(input, "repackaging", "TransformationEvent", x => x with
            {
                Inputs = [new QuantityLink(input, take)],
                Outputs = [new QuantityLink(code, take)],
            });
            var remaining = batches[input].Remaining - kg;
            Update(input, b => b with
            {
                Remaining = remaining,
                Status = remaining == 0 ? BatchStatus.Consumed : b.Status,
                Children = [.. b.Children, new QuantityLink(code, take)],
            });
            links.Add(new ParentLink(input, take, e.Sequence, e.Hash, batches[input].GiClaim));
        }
        var first = batches[inputs[0].Input];
        Derived(code, new Quantity(inputs.Sum(i => i.Kg), "kg"), GiRules.CommonClaim([.. links.Select(l => l.GiClaim)]),
            first.Product, first.Variety, OriginKind.Merge, links);
        return this;
    }

    /// <summary>Records a client event (e.g. a recall) on a batch, moving its status as the grain does.</summary>
    public ChainBuilder Record(string code, string bizStep, string? disposition = null)
    {
        Append(code, bizStep, "ObjectEvent", e => e with { Disposition = disposition });
        Update(code, b => b with { Status = BatchRules.StatusAfter(b.Status, bizStep, disposition) });
        return this;
    }

    /// <summary>Ships a batch to <paramref name="to"/> and has <paramref name="to"/> receive it: two events, custody moved
    /// (and the previous custodian listed as a former one) as the grain does.</summary>
    public ChainBuilder HandOver(string code, string to)
    {
        Append(code, "shipping", "ObjectEvent", e => e with { Destination = to, Disposition = "in_transit" });
        Update(code, b => Custody.After(b, "shipping", "in_transit", to));
        Append(code, "receiving", "ObjectEvent", e => e with { Actor = to });
        Update(code, b => Custody.After(b, "receiving", "active", null));
        return this;
    }

    /// <summary>Changes a batch header without touching its events or its signed head (edited stored state).</summary>
    public ChainBuilder Update(string code, Func<Batch, Batch> change)
    {
        batches[code] = change(batches[code]);
        return this;
    }

    /// <summary>The batch as if it had been created with <paramref name="change"/> applied: its creation record, its
    /// chain resealed over it and its head signed again (a scenario the grains would refuse, that the rules must still
    /// judge). Its children's links to it are not moved: use it on batches without children.</summary>
    public ChainBuilder Recreate(string code, Func<Batch, Batch> change)
    {
        batches[code] = change(batches[code]);
        return Reseal(code, 1, resign: true);
    }

    /// <summary>Rewrites one stored event without resealing it (tampering).</summary>
    public ChainBuilder Tamper(string code, int sequence, Func<BatchEvent, BatchEvent> change)
    {
        events[code][sequence - 1] = change(events[code][sequence - 1]);
        return this;
    }

    /// <summary>Rewrites one event and reseals it and every later event, moving the head: a history rewritten
    /// consistently. Without the silo's key (<paramref name="resign"/> false) its head is left with the old signature;
    /// with it, only the children's parent links can catch the rewrite.</summary>
    public ChainBuilder Rewrite(string code, int sequence, Func<BatchEvent, BatchEvent> change, bool resign = false)
    {
        events[code][sequence - 1] = change(events[code][sequence - 1]);
        return Reseal(code, sequence, resign);
    }

    /// <summary>Drops a batch's stored events from <paramref name="sequence"/> on (a lost or deleted history).</summary>
    public ChainBuilder Truncate(string code, int sequence)
    {
        events[code].RemoveRange(sequence - 1, events[code].Count - sequence + 1);
        return this;
    }

    /// <summary>The backward trace of <paramref name="root"/> as the trace grain builds it: every reachable batch with
    /// its signed head, parents that are not present listed as missing, the farms and certificates with their logs
    /// (<see cref="Logs"/>), and the Merkle root hash.</summary>
    public ProvenanceGraph Graph(string root, IReadOnlyList<Farm>? farms = null, IReadOnlyList<Certificate>? certificates = null,
        IEnumerable<string>? leaveOut = null)
    {
        var omitted = new HashSet<string>(leaveOut ?? [], StringComparer.Ordinal);
        var nodes = new List<BatchNode>();
        var missing = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new Queue<string>([root]);
        while (frontier.TryDequeue(out var code))
        {
            if (!seen.Add(code)) continue;
            if (omitted.Contains(code) || !batches.TryGetValue(code, out var batch)) { missing.Add(code); continue; }
            nodes.Add(new BatchNode(batch, [.. events[code]], signatures[code]));
            foreach (var p in batch.Origin.Parents) frontier.Enqueue(p.Batch);
        }
        var hashes = MerkleDag.NodeHashes(root, nodes.ToDictionary(n => n.Batch.Code, n => n.Batch, StringComparer.Ordinal));
        farms ??= [Fixtures.Farm()];
        certificates ??= [Fixtures.Certificate()];
        return new ProvenanceGraph(root, hashes[root], nodes, farms, certificates, missing,
            [.. farms.Select(f => Logs.Of(f))], [.. certificates.Select(c => Logs.Of(c))]);
    }

    private BatchEvent Append(string code, string bizStep, string eventType, Func<BatchEvent, BatchEvent> configure)
    {
        var chain = events[code];
        var e = EventHashing.Seal(configure(Event(chain.Count + 1, bizStep, Fixtures.HarvestTime.AddHours(chain.Count),
            chain[^1].Hash, eventType)));
        chain.Add(e);
        Update(code, b => b with { EventCount = e.Sequence, HeadHash = e.Hash });
        Sign(code);
        return e;
    }

    private void Derived(string code, Quantity q, string? gi, string product, string? variety, OriginKind kind,
        IReadOnlyList<ParentLink> parents)
    {
        var header = new Batch(code, null, null, product, variety, q, q.Amount, BatchStatus.Active, gi, Custodian, null,
            new BatchOrigin(kind, null, null, parents, null), [], 1, "", recorded, Custodian);
        Open(header, Event(1, "commissioning", Fixtures.HarvestTime.AddDays(1), "",
            kind == OriginKind.Split ? "ObjectEvent" : "TransformationEvent", q) with
        {
            Inputs = [.. parents.Select(p => new QuantityLink(p.Batch, p.Taken))],
        });
    }

    /// <summary>A new batch: its first event linked to its creation record, sealed, the head signed.</summary>
    private void Open(Batch header, BatchEvent first)
    {
        var sealedFirst = EventHashing.Seal(first with { PreviousHash = BatchRecord.CreationHash(header) });
        events[header.Code] = [sealedFirst];
        batches[header.Code] = header with { HeadHash = sealedFirst.Hash };
        Sign(header.Code);
    }

    private ChainBuilder Reseal(string code, int from, bool resign)
    {
        var chain = events[code];
        for (var i = from - 1; i < chain.Count; i++)
            chain[i] = EventHashing.Seal(chain[i] with { PreviousHash = i == 0 ? BatchRecord.CreationHash(batches[code]) : chain[i - 1].Hash });
        Update(code, b => b with { HeadHash = chain[^1].Hash });
        if (resign) Sign(code);
        return this;
    }

    private void Sign(string code) =>
        signatures[code] = Fixtures.Signer.SignHead(new ChainHead(RecordKind.Batch, code, events[code].Count, events[code][^1].Hash));
}
