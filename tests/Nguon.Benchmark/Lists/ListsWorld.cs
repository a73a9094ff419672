using System.Diagnostics;
using Nguon.Domain.ReadModel;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;
using Npgsql;

namespace Nguon.Benchmark.Lists;

/// <summary>One season of four GIs as the read model holds it, written straight into the rm_* tables through
/// <see cref="ReadModelStore.Apply"/> (the silo's own projection writer, whole projections as a rebuild writes them), in
/// transactions of <see cref="Group"/> projections, several at once — the lots, by default, by binary COPY instead (the
/// same rows, made here), or with <c>--seed apply</c> through Apply too. No grains: lists read only rm_*. So that the silo's
/// sweep leaves the rows alone, each seeded record also gets a stub grain row (<see cref="StubGrainRows"/>).
/// <list type="bullet">
/// <item>4 GIs (VN-GI-90001..90004), 40 communes (10 per GI), 2,000 farms (50 per commune) owned by 16 producers (4 per
/// GI; the first is the producer registered through the API, with its own packhouse).</item>
/// <item>Harvest lots (4/5 of the lots): commissioning, shipping to a packhouse, receiving, storing; event times over
/// 2026-05-01..2026-08-31 (Hanoi time); what is merged later is consumed.</item>
/// <item>Merged (80 %) and transformed (20 %) lots of 2–6 harvests of one packhouse and GI, then inspecting, sampling,
/// packing, storing, shipping (45 % to Japanese importers, others to SG, US, AU or a domestic processor), departing,
/// arriving, receiving, storing: up to 10 events, cut at the season's end (in transit or not yet shipped).</item>
/// </list></summary>
public sealed class ListsWorld
{
    public const int Group = 250;
    public const int Parallelism = 4;
    public const string Season = "2026";
    private const int FarmCount = 2000;
    private const int CommunesPerGi = 10;
    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);
    public static readonly DateTimeOffset SeasonStart = new(2026, 5, 1, 0, 0, 0, Hanoi);
    public static readonly DateTimeOffset SeasonEnd = new(2026, 9, 1, 0, 0, 0, Hanoi);
    private static readonly DateTimeOffset Registered = new(2026, 1, 15, 9, 0, 0, Hanoi);

    public static readonly (string Number, string Vi, string En, string Product, string Province, string District)[] Gis =
    [
        ("VN-GI-90001", "Vải thiều Lục Ngạn", "Luc Ngan lychee", "lychee", "Bắc Giang", "Lục Ngạn"),
        ("VN-GI-90002", "Nhãn lồng Hưng Yên", "Hung Yen longan", "longan", "Hưng Yên", "Khoái Châu"),
        ("VN-GI-90003", "Bưởi Phúc Trạch", "Phuc Trach pomelo", "pomelo", "Hà Tĩnh", "Hương Khê"),
        ("VN-GI-90004", "Xoài cát Hòa Lộc", "Hoa Loc mango", "mango", "Tiền Giang", "Cái Bè"),
    ];

    private sealed record Org(string Id, string Name, string Roles, string? Commune, string Country, string Space);

    private sealed record Harvest(int N, int Farm, DateTimeOffset At, decimal Kg, int Receiver)
    {
        public bool Consumed { get; set; }
    }

    private sealed record Combined(int N, int Merger, int Gi, DateTimeOffset At, Harvest[] Parents, bool Transformed, int Destination);

    private readonly string producer;
    private readonly Org[] orgs;
    private readonly int[] producers;
    private readonly int[] packhouses;
    private readonly int[] destinations; // importers JP×4, SG×2, US, AU, then the domestic processors
    private readonly List<Harvest> harvests = [];
    private readonly List<Combined> combined = [];

    public ListsWorld(string producer, string producerSpace, int lots)
    {
        this.producer = producer;
        var list = new List<Org> { new(producer, "API producer", "producer", null, "VN", producerSpace) };
        for (var i = 1; i <= 15; i++)
            list.Add(new($"coop-{i:00}", $"Hợp tác xã {i:00}", "producer", Commune(((i / 4) * CommunesPerGi) + i % CommunesPerGi), "VN",
                $"HTX{i:00}"));
        for (var i = 1; i <= 10; i++) list.Add(new($"packhouse-{i:00}", $"Packhouse {i:00}", "operator", Commune(i * 4 - 1), "VN", $"DG{i:00}"));
        foreach (var (country, count) in new[] { ("JP", 4), ("SG", 2), ("US", 1), ("AU", 1) })
            for (var i = 1; i <= count; i++)
                list.Add(new($"importer-{country.ToLowerInvariant()}-{i:00}", $"Importer {country} {i}", "operator", null, country,
                    $"IM{country}{i:00}"));
        for (var i = 1; i <= 6; i++) list.Add(new($"processor-{i:00}", $"Processor {i:00}", "operator", Commune(i * 6), "VN", $"CB{i:00}"));
        orgs = [.. list];
        producers = [.. Enumerable.Range(0, 16)];
        packhouses = [.. Enumerable.Range(16, 10)];
        destinations = [.. Enumerable.Range(26, 14)];
        Generate(lots);
    }

    public string Producer => producer;
    public int Organisations => orgs.Length;
    public int Farms => FarmCount;
    public int Harvests => harvests.Count;
    public int CombinedLots => combined.Count;
    public int Lots => harvests.Count + combined.Count;
    public IEnumerable<string> JapaneseImporters => orgs.Where(o => o.Country == "JP").Select(o => o.Id);

    public static string Commune(int c) => $"{Gis[c / CommunesPerGi].District} {c % CommunesPerGi + 1:00}";
    public static string FarmCode(int f) => $"F{f / (FarmCount / 4) + 1}-{f:0000}";
    private static int GiOfFarm(int f) => f / (FarmCount / 4);
    private int OwnerOf(int f) => producers[GiOfFarm(f) * 4 + f % 4];
    /// <summary>The API producer packs its own harvests; the others ship to one of the 10 packhouses.</summary>
    private int ReceiverOf(int f) => OwnerOf(f) == 0 ? 0 : packhouses[(f / 50) % packhouses.Length];

    private string HarvestCode(Harvest h) => $"{orgs[OwnerOf(h.Farm)].Space}-26-H{h.N:000000}";
    private string CombinedCode(Combined c) => $"{orgs[c.Merger].Space}-26-{(c.Transformed ? "T" : "M")}{c.N:00000}";

    /// <summary>A code a search box would be typed towards: all but the last digit of a combined lot in the middle of the
    /// key order (so the prefix matches ≤ 10 lots).</summary>
    public string SearchPrefix()
    {
        var codes = combined.Select(CombinedCode).Order(StringComparer.Ordinal).ToArray();
        return codes[codes.Length / 2][..^1];
    }

    /// <summary>A farm in the middle of the list, with its harvests and the lots made of them.</summary>
    public string SomeFarm() => FarmCode(FarmCount / 2 + 7);

    private void Generate(int lots)
    {
        var rng = new Random(14);
        var harvestCount = lots * 4 / 5;
        for (var n = 0; n < harvestCount; n++)
        {
            var farm = n % FarmCount;
            var day = rng.Next(0, (int)(SeasonEnd - SeasonStart).TotalDays);
            var at = SeasonStart.AddDays(day).AddHours(5 + rng.Next(0, 12)).AddMinutes(rng.Next(0, 60));
            harvests.Add(new(n, farm, at, 200 + 10 * rng.Next(0, 280), ReceiverOf(farm)));
        }
        var m = 0;
        foreach (var group in harvests.GroupBy(h => (h.Receiver, Gi: GiOfFarm(h.Farm))).OrderBy(g => g.Key))
        {
            var queue = group.OrderBy(h => h.At).ToArray();
            for (var i = 0; i < queue.Length;)
            {
                var size = Math.Min(rng.Next(2, 7), queue.Length - i);
                if (size < 2) break;
                var parents = queue[i..(i + size)];
                var at = parents.Max(p => p.At).AddDays(1).AddHours(1 + rng.Next(6, 36));
                if (at >= SeasonEnd.AddHours(-1)) break;
                var pick = rng.NextDouble();
                var destination = pick < 0.45 ? destinations[rng.Next(0, 4)]
                    : pick < 0.60 ? destinations[4 + rng.Next(0, 2)]
                    : pick < 0.67 ? destinations[6] : pick < 0.75 ? destinations[7] : destinations[8 + rng.Next(0, 6)];
                foreach (var p in parents) p.Consumed = true;
                combined.Add(new(m++, group.Key.Receiver, group.Key.Gi, at, parents, rng.NextDouble() < 0.2, destination));
                i += size;
            }
        }
    }

    /// <summary>Writes every row; returns (projections, transactions, seconds) per phase.</summary>
    /// <param name="copy">Lots by binary COPY (the rows <see cref="ReadModelStore.Apply"/> would write, made here: a
    /// destination's country, the farms a lot reached), instead of through Apply.</param>
    public async Task<List<(string Phase, int Projections, int Transactions, double Seconds)>> SeedAsync(NguonOptions options,
        ReadModelStore store, bool copy, Action<string> log)
    {
        var now = DateTimeOffset.UtcNow;
        var phases = new List<(string, int, int, double)>();
        async Task Phase(string name, IReadOnlyList<Func<Projection>> make)
        {
            var clock = Stopwatch.StartNew();
            var chunks = Enumerable.Range(0, (make.Count + Group - 1) / Group).ToArray();
            await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (c, ct) =>
            {
                var projections = make.Skip(c * Group).Take(Group).Select(f => f()).ToArray();
                await store.Apply(projections, now, ct);
            });
            phases.Add((name, make.Count, chunks.Length, clock.Elapsed.TotalSeconds));
            log($"seeded {make.Count:#,0} {name} in {chunks.Length} transactions, {clock.Elapsed.TotalSeconds:0.0} s");
        }
        // Organisations first (a shipment's destination country is read from them), the API producer's row is its own.
        await Phase("organisations and certificates", [.. orgs.Skip(1).Select(o => (Func<Projection>)(() => OrganisationOf(o))),
            .. Gis.Select(g => (Func<Projection>)(() => CertificateOf(g)))]);
        await Phase("farms", [.. Enumerable.Range(0, FarmCount).Select(f => (Func<Projection>)(() => FarmOf(f)))]);
        if (copy)
        {
            var copying = Stopwatch.StartNew();
            await CopyLotsAsync(options, now);
            phases.Add(("lots by COPY", Lots, 1, copying.Elapsed.TotalSeconds));
            log($"copied {Lots:#,0} lots in {copying.Elapsed.TotalSeconds:0.0} s");
        }
        else
        {
            // Parents before the lots made of them: the farms a lot reached are read from its parents' rows.
            await Phase("harvest lots", [.. harvests.Select(h => (Func<Projection>)(() => HarvestOf(h)))]);
            await Phase("merged and transformed lots", [.. combined.Select(c => (Func<Projection>)(() => CombinedOf(c)))]);
        }

        var clock = Stopwatch.StartNew();
        await using (var connection = new NpgsqlConnection(options.StorageConnectionString))
        {
            await connection.OpenAsync();
            await StubGrainRows.InsertAsync(connection, options.ServiceId, producer);
            await using var analyse = new NpgsqlCommand("""
                VACUUM (ANALYZE) rm_batches, rm_events, rm_lineage, rm_batch_farms, rm_batch_destinations, rm_batch_holders, rm_farms, rm_authorisations,
                    rm_organisations, rm_certificates, orleansstorage
                """, connection) { CommandTimeout = 600 };
            await analyse.ExecuteNonQueryAsync();
        }
        phases.Add(("stub grain rows + VACUUM (ANALYZE)", 0, 0, clock.Elapsed.TotalSeconds));
        log($"stub grain rows and VACUUM (ANALYZE) in {clock.Elapsed.TotalSeconds:0.0} s");
        return phases;
    }

    /// <summary>Every lot's rows in six binary COPY streams (one connection each), one pass over the lots.</summary>
    private async Task CopyLotsAsync(NguonOptions options, DateTimeOffset now)
    {
        var s = options.ServiceId;
        var connections = new List<NpgsqlConnection>();
        async Task<NpgsqlBinaryImporter> Open(string copy)
        {
            var c = new NpgsqlConnection(options.StorageConnectionString);
            await c.OpenAsync();
            connections.Add(c);
            return await c.BeginBinaryImportAsync(copy);
        }
        try
        {
            var batches = await Open("""
                COPY rm_batches (service_id, code, gtin, lot, product, variety, quantity, unit, remaining, gi_claim, origin_kind, farm,
                    season, custodian, first_custodian, destination, destination_country, status, created_at, last_event_at, event_count,
                    head_hash, version, projected_at) FROM STDIN (FORMAT BINARY)
                """);
            var events = await Open("""
                COPY rm_events (service_id, batch, sequence, event_id, event_type, biz_step, disposition, event_time, event_offset,
                    record_time, read_point, biz_location, actor, quantity, unit, destination, inputs, outputs, sensors, documents, reason,
                    hash) FROM STDIN (FORMAT BINARY)
                """);
            var lineage = await Open("COPY rm_lineage (service_id, child, parent, quantity, unit) FROM STDIN (FORMAT BINARY)");
            var holders = await Open("COPY rm_batch_holders (service_id, batch, holder) FROM STDIN (FORMAT BINARY)");
            var reached = await Open("COPY rm_batch_farms (service_id, batch, farm) FROM STDIN (FORMAT BINARY)");
            var shipped = await Open("COPY rm_batch_destinations (service_id, batch, destination, sequence, shipped_at) FROM STDIN (FORMAT BINARY)");
            var country = orgs.ToDictionary(o => o.Id, o => o.Country);
            var farmOf = harvests.ToDictionary(HarvestCode, h => FarmCode(h.Farm));
            static async Task Row(NpgsqlBinaryImporter w, params object?[] values)
            {
                await w.StartRowAsync();
                foreach (var v in values)
                {
                    switch (v)
                    {
                        case null: await w.WriteNullAsync(); break;
                        case DateTimeOffset t: await w.WriteAsync(t.UtcDateTime, NpgsqlTypes.NpgsqlDbType.TimestampTz); break;
                        case decimal d: await w.WriteAsync(d, NpgsqlTypes.NpgsqlDbType.Numeric); break;
                        case int i: await w.WriteAsync(i, NpgsqlTypes.NpgsqlDbType.Integer); break;
                        case string text: await w.WriteAsync(text, NpgsqlTypes.NpgsqlDbType.Text); break;
                        default: throw new InvalidOperationException($"no COPY type for {v.GetType().Name}");
                    }
                }
            }
            foreach (var p in harvests.Select(HarvestOf).Concat(combined.Select(CombinedOf)))
            {
                var r = p.Row;
                await Row(batches, s, r.Code, r.Gtin, r.Lot, r.Product, r.Variety, r.Quantity, r.Unit, r.Remaining, r.GiClaim, r.OriginKind,
                    r.Farm, r.Season, r.Custodian, r.FirstCustodian, r.Destination, r.Destination is { } d ? country[d] : null, r.Status,
                    r.CreatedAt, r.LastEventAt, r.EventCount, r.HeadHash, p.Version, now);
                foreach (var e in p.Events)
                    await Row(events, s, e.Batch, e.Sequence, e.EventId, e.EventType, e.BizStep, e.Disposition, e.EventTime,
                        e.EventOffsetMinutes, e.RecordTime, e.ReadPoint, e.BizLocation, e.Actor, e.Quantity, e.Unit, e.Destination, e.Inputs,
                        e.Outputs, e.Sensors, e.Documents, e.Reason, e.Hash);
                foreach (var l in p.Lineage) await Row(lineage, s, l.Child, l.Parent, l.Quantity, l.Unit);
                foreach (var h in r.FormerHolders) await Row(holders, s, r.Code, h);
                IEnumerable<string> farms = r.Farm is { } own ? [own]
                    : p.Lineage.Select(l => farmOf[l.Parent]).Distinct().Order(StringComparer.Ordinal);
                foreach (var f in farms) await Row(reached, s, r.Code, f);
                foreach (var e in p.Events.Where(e => e.BizStep == "shipping" && e.Destination is not null))
                    foreach (var place in new[] { e.Destination!, country[e.Destination!] }.OfType<string>())
                        await Row(shipped, s, r.Code, place, e.Sequence, e.EventTime);
            }
            foreach (var w in new[] { batches, events, lineage, holders, reached, shipped })
            {
                await w.CompleteAsync();
                await w.DisposeAsync();
            }
        }
        finally
        {
            foreach (var c in connections) await c.DisposeAsync();
        }
    }

    private static OrganisationProjection OrganisationOf(Org o) =>
        new(new OrganisationRow(o.Id, o.Name, o.Roles, o.Commune, o.Country, o.Space, ReadRows.Utc(Registered)), 1) { Whole = true };

    private static CertificateProjection CertificateOf((string Number, string Vi, string En, string Product, string Province,
        string District) g) =>
        new(new CertificateRow(g.Number, g.Vi, g.En, g.Product, $"authority-{g.Number[^1]}", "active", ReadRows.Utc(Registered.AddDays(-400)),
            null, ReadRows.Utc(Registered.AddDays(-1))), 1)
        { Whole = true };

    private FarmProjection FarmOf(int f)
    {
        var gi = Gis[GiOfFarm(f)];
        var code = FarmCode(f);
        return new(new FarmRow(code, $"Vườn {f:0000}", orgs[OwnerOf(f)].Id, Commune(f / 50), gi.District, gi.Province,
            1.5m + f % 7 * 0.5m, ReadRows.Utc(Registered),
            [new AuthorisationRow(code, gi.Number, "active", ReadRows.Utc(Registered), null, $"QD-{f:0000}/2026")]), 1)
        { Whole = true };
    }

    private sealed record Step(string Type, string BizStep, string? Disposition, DateTimeOffset At, int Actor, int? Destination,
        decimal? Kg, string Inputs = "[]");

    private BatchProjection HarvestOf(Harvest h)
    {
        var gi = Gis[GiOfFarm(h.Farm)];
        var owner = OwnerOf(h.Farm);
        var steps = new[]
        {
            new Step("ObjectEvent", "commissioning", "active", h.At, owner, null, h.Kg),
            new Step("ObjectEvent", "shipping", "in_transit", h.At.AddHours(3), owner, h.Receiver, null),
            new Step("ObjectEvent", "receiving", "active", h.At.AddDays(1), h.Receiver, null, null),
            new Step("ObjectEvent", "storing", "active", h.At.AddDays(1).AddHours(1), h.Receiver, null, null),
        };
        var farm = FarmCode(h.Farm);
        return Project(HarvestCode(h), null, null, gi.Product, "thiều", h.Kg, h.Consumed ? 0 : h.Kg, gi.Number, "harvest", farm, Season,
            owner, steps, [], h.Consumed, h.N);
    }

    private BatchProjection CombinedOf(Combined c)
    {
        var gi = Gis[c.Gi];
        var code = CombinedCode(c);
        var kg = c.Parents.Sum(p => p.Kg);
        var quantity = c.Transformed ? decimal.Round(kg * 0.3m, 1) : kg;
        var inputs = ReadRows.Serialize(c.Parents.Select(p => new { batch = HarvestCode(p), quantity = new { amount = p.Kg, unit = "kg" } }));
        var d = orgs[c.Destination];
        var voyage = d.Country switch { "JP" or "US" or "AU" => 5.0, "SG" => 3.0, _ => 0.5 };
        var shipped = c.At.AddDays(1).AddHours(c.N % 40);
        var steps = new[]
        {
            new Step("TransformationEvent", c.Transformed ? "urn:nguon:bizstep:processing" : "repackaging", "active", c.At, c.Merger, null,
                quantity, inputs),
            new Step("ObjectEvent", "inspecting", "conformant", c.At.AddHours(2), c.Merger, null, null),
            new Step("ObjectEvent", "sampling", "conformant", c.At.AddHours(3), c.Merger, null, null),
            new Step("ObjectEvent", "packing", "active", c.At.AddHours(6), c.Merger, null, null),
            new Step("ObjectEvent", "storing", "active", c.At.AddHours(8), c.Merger, null, null),
            new Step("ObjectEvent", "shipping", "in_transit", shipped, c.Merger, c.Destination, null),
            new Step("ObjectEvent", "departing", "in_transit", shipped.AddHours(6), c.Merger, null, null),
            new Step("ObjectEvent", "arriving", "in_transit", shipped.AddDays(voyage), c.Merger, null, null),
            new Step("ObjectEvent", "receiving", "active", shipped.AddDays(voyage).AddHours(3), c.Destination, null, null),
            new Step("ObjectEvent", "storing", "active", shipped.AddDays(voyage).AddHours(4), c.Destination, null, null),
        };
        var body = "0893" + (c.Merger + 100).ToString("000", Stats.Inv) + "0000" + (c.Gi + 1);
        var gtin = body + Nguon.Domain.Gtin.CheckDigit(body);
        var lineage = c.Parents.Select(p => new LineageRow(code, HarvestCode(p), p.Kg, "kg")).ToArray();
        return Project(code, gtin, $"L26{c.N:00000}", c.Transformed ? gi.Product + "-dried" : gi.Product, null, quantity, quantity,
            gi.Number, c.Transformed ? "transformation" : "merge", null, null, c.Merger, steps, lineage, false, 1_000_000 + c.N);
    }

    private BatchProjection Project(string code, string? gtin, string? lot, string product, string? variety, decimal quantity,
        decimal remaining, string gi, string originKind, string? farm, string? season, int creator, Step[] all, LineageRow[] lineage,
        bool consumed, int seed)
    {
        var rng = new Random(seed);
        var steps = all.Where((s, i) => i == 0 || s.At < SeasonEnd).ToArray();
        var (status, custodian, destination) = ("active", creator, (int?)null);
        var events = new List<EventRow>();
        foreach (var (s, i) in steps.Select((s, i) => (s, i)))
        {
            if (s.BizStep == "shipping") (status, destination) = ("inTransit", s.Destination);
            else if (s.BizStep == "receiving") (status, custodian, destination) = ("active", destination ?? custodian, null);
            var place = orgs[s.Actor].Id;
            events.Add(new EventRow(code, i + 1, $"urn:uuid:{Guid(rng)}", s.Type, s.BizStep, s.Disposition, ReadRows.Utc(s.At), 420,
                ReadRows.Utc(s.At.AddMinutes(1 + rng.Next(0, 30))), i == 0 && farm is not null ? farm : place, place, orgs[s.Actor].Id,
                s.Kg, s.Kg is null ? null : "kg", s.Destination is { } to ? orgs[to].Id : null, s.Inputs, "[]", "[]", "[]", null,
                Hex(rng)));
        }
        if (consumed) status = "consumed";
        var first = orgs[creator].Id;
        var row = new BatchRow(code, gtin, lot, product, variety, quantity, "kg", remaining, gi, originKind, farm, season,
            orgs[custodian].Id, first, destination is { } dest ? orgs[dest].Id : null, status, events[0].EventTime, events[^1].EventTime,
            events.Count, events[^1].Hash, first == orgs[custodian].Id ? [] : [first]);
        return new BatchProjection(row, events, lineage, events.Count) { Whole = true };
    }

    private static Guid Guid(Random rng)
    {
        Span<byte> b = stackalloc byte[16];
        rng.NextBytes(b);
        return new Guid(b);
    }

    private static string Hex(Random rng)
    {
        Span<byte> b = stackalloc byte[32];
        rng.NextBytes(b);
        return Convert.ToHexStringLower(b);
    }
}
