using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Tests.Domain;

/// <summary>Reference data for the rule tests: the Lục Ngạn lychee GI, a farm inside its protected area and
/// fixed instants in Vietnam time (UTC+7).</summary>
public static class Fixtures
{
    public static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    public static DateTimeOffset At(int year, int month, int day, int hour = 8) => new(year, month, day, hour, 0, 0, Vn);

    /// <summary>"Now" for every test: after the 2025 lychee season.</summary>
    public static readonly DateTimeOffset Now = At(2025, 7, 1, 12);
    public static readonly DateTimeOffset HarvestTime = At(2025, 6, 10, 6);

    public const string GiNumber = "VN-GI-00050";
    public const string FarmCode = "BG-LN-0001";

    /// <summary>Protected area around Lục Ngạn district, Bắc Giang (lon 106.45–106.75, lat 21.25–21.50).</summary>
    public const string LucNganArea =
        """{"type":"Polygon","coordinates":[[[106.45,21.25],[106.75,21.25],[106.75,21.50],[106.45,21.50],[106.45,21.25]]]}""";

    /// <summary>An orchard near Chũ town, Lục Ngạn.</summary>
    public const string OrchardInLucNgan = """{"type":"Point","coordinates":[106.55,21.37]}""";

    /// <summary>An orchard polygon wholly inside the protected area.</summary>
    public const string OrchardPolygonInLucNgan =
        """{"type":"Polygon","coordinates":[[[106.60,21.30],[106.61,21.30],[106.61,21.31],[106.60,21.31],[106.60,21.30]]]}""";

    /// <summary>An orchard polygon straddling the eastern edge of the protected area.</summary>
    public const string OrchardPolygonAcrossBoundary =
        """{"type":"Polygon","coordinates":[[[106.74,21.30],[106.80,21.30],[106.80,21.31],[106.74,21.31],[106.74,21.30]]]}""";

    /// <summary>Hoàn Kiếm, Hà Nội: well outside Lục Ngạn.</summary>
    public const string HaNoi = """{"type":"Point","coordinates":[105.85,21.03]}""";

    public static Certificate Certificate(params StatusChange[] history) => new(
        GiNumber, new LocalizedText("Vải thiều Lục Ngạn", "Luc Ngan lychee", "ルックガン・ライチ"), "lychee", ["Thiều", "Hùng Long"],
        "UBND huyện Lục Ngạn", LucNganArea, At(2008, 1, 1), null, new Specification(10_000m, ["sugar ≥ 18 °Brix"]),
        [new ForeignRegistration("JP", "211", new DateOnly(2021, 3, 1))],
        history.Length == 0 ? CertificateStatus.Active : history[^1].Status, history, At(2008, 1, 1));

    public static GiAuthorisation Authorisation(params StatusChange[] history) => new(
        GiNumber, At(2020, 1, 1), null, "QĐ-123/UBND", history.Length == 0 ? CertificateStatus.Active : history[^1].Status, history);

    /// <summary>A 2 ha orchard inside the area, authorised for the GI since 2020 (season limit 20 000 kg).</summary>
    public static Farm Farm(string location = OrchardInLucNgan, params GiAuthorisation[] authorisations) => new(
        FarmCode, "Vườn vải ông Hùng", "HTX Vải thiều Phượng Sơn", new AdminArea("Phượng Sơn", "Lục Ngạn", "Bắc Giang"),
        location, 2m, ["lychee"], authorisations.Length == 0 ? [Authorisation()] : authorisations, [], At(2019, 5, 1));

    public static StatusChange Change(DateTimeOffset at, CertificateStatus status, string reason = "inspection finding") =>
        new(at, status, reason, "Cục Sở hữu trí tuệ");

    public static RecordHarvest Harvest(decimal amount = 1_000m, string unit = "kg", string? gi = GiNumber, string product = "lychee",
        string? variety = "Thiều", DateTimeOffset? at = null) =>
        new("H-2025-001", product, new Quantity(amount, unit), at ?? HarvestTime, GiClaim: gi, Variety: variety);
}

/// <summary>Builds batches with properly sealed event chains the way the batch grain does (commissioning event,
/// split/merge take events on the parents, parent links to those events), so tests can tamper with one thing.</summary>
public sealed class ChainBuilder
{
    private readonly Dictionary<string, Batch> batches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<BatchEvent>> events = new(StringComparer.Ordinal);
    private readonly DateTimeOffset recorded = Fixtures.At(2025, 6, 10, 18);

    public Batch this[string code] => batches[code];
    public IReadOnlyList<BatchEvent> EventsOf(string code) => events[code];

    /// <summary>An unsealed event with everything but the sequence, step and previous hash left empty.</summary>
    public static BatchEvent Event(int sequence, string bizStep, DateTimeOffset eventTime, string previousHash,
        string eventType = "ObjectEvent", Quantity? quantity = null, string? disposition = "active") =>
        new(sequence, $"evt-{sequence:D4}-{bizStep}", eventType, bizStep, disposition, eventTime, eventTime.AddMinutes(5),
            "urn:epc:id:sgln:8930000.00001.0", null, "HTX-PHUONG-SON", quantity, [], [], [], [], null, previousHash, "");

    /// <summary>A sealed chain of <paramref name="steps"/> events starting at the genesis hash.</summary>
    public static List<BatchEvent> Chain(params string[] steps)
    {
        var chain = new List<BatchEvent>();
        var previous = EventHashing.Genesis;
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
        var first = EventHashing.Seal(Event(1, "commissioning", harvestedAt ?? Fixtures.HarvestTime, EventHashing.Genesis, quantity: q));
        events[code] = [first];
        return batches[code] = new Batch(code, null, null, product, variety, q, kg, BatchStatus.Active, gi, "HTX-PHUONG-SON", null,
            new BatchOrigin(OriginKind.Harvest, farm, "2025", [], null), [], 1, first.Hash, recorded);
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

    /// <summary>Changes a batch header without touching its events (to simulate edited stored state).</summary>
    public ChainBuilder Update(string code, Func<Batch, Batch> change)
    {
        batches[code] = change(batches[code]);
        return this;
    }

    /// <summary>Rewrites one stored event without resealing it (tampering).</summary>
    public ChainBuilder Tamper(string code, int sequence, Func<BatchEvent, BatchEvent> change)
    {
        events[code][sequence - 1] = change(events[code][sequence - 1]);
        return this;
    }

    /// <summary>Rewrites one event and reseals it and every later event, moving the head: a history rewritten
    /// consistently, which only the children's parent links can catch.</summary>
    public ChainBuilder Rewrite(string code, int sequence, Func<BatchEvent, BatchEvent> change)
    {
        var chain = events[code];
        chain[sequence - 1] = change(chain[sequence - 1]);
        for (var i = sequence - 1; i < chain.Count; i++)
            chain[i] = EventHashing.Seal(chain[i] with { PreviousHash = i == 0 ? EventHashing.Genesis : chain[i - 1].Hash });
        return Update(code, b => b with { HeadHash = chain[^1].Hash });
    }

    /// <summary>Drops a batch's stored events from <paramref name="sequence"/> on (a lost or deleted history).</summary>
    public ChainBuilder Truncate(string code, int sequence)
    {
        events[code].RemoveRange(sequence - 1, events[code].Count - sequence + 1);
        return this;
    }

    /// <summary>The backward trace of <paramref name="root"/> as the trace grain builds it: every reachable batch,
    /// parents that are not present listed as missing, and the Merkle root hash.</summary>
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
            nodes.Add(new BatchNode(batch, [.. events[code]]));
            foreach (var p in batch.Origin.Parents) frontier.Enqueue(p.Batch);
        }
        var hashes = MerkleDag.NodeHashes(root, nodes.ToDictionary(n => n.Batch.Code, n => n.Batch, StringComparer.Ordinal));
        return new ProvenanceGraph(root, hashes[root], nodes, farms ?? [Fixtures.Farm()],
            certificates ?? [Fixtures.Certificate()], missing);
    }

    private BatchEvent Append(string code, string bizStep, string eventType, Func<BatchEvent, BatchEvent> configure)
    {
        var chain = events[code];
        var e = EventHashing.Seal(configure(Event(chain.Count + 1, bizStep, Fixtures.HarvestTime.AddHours(chain.Count),
            chain[^1].Hash, eventType)));
        chain.Add(e);
        Update(code, b => b with { EventCount = e.Sequence, HeadHash = e.Hash });
        return e;
    }

    private void Derived(string code, Quantity q, string? gi, string product, string? variety, OriginKind kind,
        IReadOnlyList<ParentLink> parents)
    {
        var first = EventHashing.Seal(Event(1, "commissioning", Fixtures.HarvestTime.AddDays(1), EventHashing.Genesis,
            kind == OriginKind.Split ? "ObjectEvent" : "TransformationEvent", q) with
        {
            Inputs = [.. parents.Select(p => new QuantityLink(p.Batch, p.Taken))],
        });
        events[code] = [first];
        batches[code] = new Batch(code, null, null, product, variety, q, q.Amount, BatchStatus.Active, gi, "HTX-PHUONG-SON", null,
            new BatchOrigin(kind, null, null, parents, null), [], 1, first.Hash, recorded);
    }
}
