using System.Diagnostics;
using Nguon.Domain.Alerts;
using Nguon.Model;
using Npgsql;
using NpgsqlTypes;

namespace Nguon.Benchmark.Ledger;

/// <summary>One province-sized season of GI VN-GI-00017 (Lục Ngạn lychee) as the read model holds it, written straight
/// into the rm_* tables by binary COPY (as <c>--lists</c> seeds its lots), with a planted fraud of each kind the GI's
/// rule set looks for (except unknown-lot scans, which are counts outside rm_*). Deterministic by seed.
/// <list type="bullet">
/// <item>100 communes of 200 authorised farms (0.5–3 ha), each of a cooperative of its commune, with an honest yield of
/// 4,500–6,000 kg/ha over 8–12 harvests (200,000 in all) between 05-20 and 07-31, recorded within 12 h; each harvest is
/// shipped to its commune's packing house (one per 5 communes) and received there.</item>
/// <item>Packing houses merge consecutive harvests into lots and pack them: some 5 % for Japan (≤ 3,300 kg, fumigated at
/// FUM-BG-01 or FUM-HN-01 at most one lot an hour each, so no 3-hour window holds more than 9,900 kg, then shipped to
/// a Japanese importer and received within 60–110 h), the others to a domestic retailer or a trader (received within
/// 30 h) or kept; 1 % are dried (a transformation at a yield of 0.20–0.30); about 3 % of harvests stay unpacked.</item>
/// <item>The frauds: a farm harvesting 11,000 kg/ha (its commune's outlier), a farm at 99 % of its cap (also an outlier),
/// and on a trader's farm of its own commune a harvest recorded 10 days late, one on 04-25, three 2,400 kg lots fumigated
/// within 2 h at FUM-BG-02 (2 chambers: 5,000 kg per 3 h), a lot shipped to Japan on 07-05 and never received, and a
/// drying that made 120 kg of dried lychee from 200 kg.</item>
/// </list></summary>
public sealed class LedgerWorld
{
    public const string Gi = "VN-GI-00017";
    public const string Season = "2026";
    public const decimal MaxYield = 12_000m;
    public const int Communes = 100;
    public const int FarmsPerCommune = 200;
    public const int Packhouses = 20;
    private const int Offset = 420;
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    /// <summary>When the rules judge (lots still in transit against it): fixed, so a second evaluation finds the same.</summary>
    public static readonly DateTimeOffset Now = new(2026, 8, 20, 12, 0, 0, Vn);
    private static readonly DateTimeOffset Registered = new(2026, 1, 15, 9, 0, 0, Vn);
    private static readonly DateTimeOffset WindowStart = new(2026, 5, 20, 0, 0, 0, Vn);
    private static readonly DateTimeOffset SlotOrigin = new(2026, 5, 1, 0, 0, 0, Vn);
    private static readonly string Fumigating = BizStep.Fumigating.Value;
    private const string JapanImporter = "importer-jp-01";

    public sealed record Org(string Id, string Name, string Roles, string? Commune, string Country, string Space);

    public sealed record Farm(string Code, string Name, string Owner, string Commune, decimal AreaHa);

    public sealed record Ev(string Type, string Step, string? Disposition, DateTimeOffset At, DateTimeOffset Recorded, string ReadPoint,
        string? Location, string Actor, decimal? Kg = null, string? Destination = null, string Inputs = "[]");

    public sealed class Lot(string code, string kind, string? farm, decimal kg, string product, string creator)
    {
        public string Code => code;
        public string Kind => kind;
        public string? Farm => farm;
        public decimal Kg => kg;
        public string Product => product;
        public string Creator => creator;
        public decimal Taken { get; set; }
        public List<Ev> Events { get; } = [];
        public List<(Lot Parent, decimal Kg)> Parents { get; } = [];
    }

    private readonly Random rng = new(17);
    private readonly List<Org> orgs = [];
    private readonly List<Farm> farms = [];
    private readonly List<Lot> lots = [];
    private readonly HashSet<(string Rule, string Subject)> planted = [];
    private readonly bool[][] slots = [new bool[24 * 130], new bool[24 * 130]];
    private static readonly string[] Facilities = ["FUM-BG-01", "FUM-HN-01"];
    private int serial;

    public IReadOnlyList<Org> Organisations => orgs;
    public IReadOnlyList<Farm> Farms => farms;
    public IReadOnlyList<Lot> Lots => lots;
    /// <summary>The (rule, subject) of every planted fraud: what the rules must find, and nothing else.</summary>
    public IReadOnlySet<(string Rule, string Subject)> Planted => planted;
    public int Harvests => lots.Count(l => l.Kind == "harvest");
    public int Fumigations => lots.Sum(l => l.Events.Count(e => e.Step == Fumigating));

    public LedgerWorld()
    {
        for (var c = 0; c < Communes; c++)
            orgs.Add(new($"htx-c{c:000}", $"Hợp tác xã {Commune(c)}", "producer", Commune(c), "VN", Coop(c)));
        for (var p = 0; p < Packhouses; p++)
            orgs.Add(new($"packhouse-{p:00}", $"Packing house {p:00}", "operator", Commune(p * 5), "VN", $"DG{p:00}"));
        orgs.Add(new(JapanImporter, "Importer JP 1", "operator", null, "JP", "IMJP01"));
        for (var i = 0; i < 10; i++) orgs.Add(new($"retailer-{i:00}", $"Retailer {i:00}", "retailer", null, "VN", $"BL{i:00}"));
        for (var i = 0; i < 5; i++) orgs.Add(new($"trader-{i:00}", $"Trader {i:00}", "operator", null, "VN", $"TL{i:00}"));
        orgs.Add(new("htx-planted", "Planted trader", "producer", "Xã 999", "VN", "HTXPL"));
        Honest();
        Frauds();
    }

    public static string Commune(int c) => $"Xã {c:000}";
    private static string Coop(int c) => $"HTX{c:000}";
    private static string Packhouse(int c) => $"packhouse-{c / 5:00}";

    private void Honest()
    {
        var harvests = new List<(Lot Lot, string Packhouse, DateTimeOffset Received)>();
        for (var c = 0; c < Communes; c++)
            for (var f = 0; f < FarmsPerCommune; f++)
            {
                var code = $"BG-LN-C{c:000}-F{f:000}";
                var area = Math.Round(0.5m + (decimal)rng.NextDouble() * 2.5m, 2);
                farms.Add(new(code, $"Vườn {c:000}-{f:000}", $"htx-c{c:000}", Commune(c), area));
                var total = area * (4_500m + (decimal)rng.NextDouble() * 1_500m);
                var count = 8 + (c * FarmsPerCommune + f) % 5;
                for (var h = 0; h < count; h++)
                {
                    // Days peak mid-season (the mean of two uniform draws over the 73 days of the window).
                    var day = (int)((rng.NextDouble() + rng.NextDouble()) / 2 * 73);
                    var at = WindowStart.AddDays(day).AddHours(5 + rng.Next(7)).AddMinutes(rng.Next(60));
                    var lot = Harvest(Coop(c), code, $"htx-c{c:000}", Math.Round(total / count, 1), at, at.AddMinutes(10 + rng.Next(710)));
                    harvests.Add((lot, Packhouse(c), Ship(lot, $"htx-c{c:000}", Packhouse(c), at.AddHours(2), 3)));
                }
            }
        foreach (var group in harvests.GroupBy(h => h.Packhouse).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var queue = group.OrderBy(h => h.Received).ToList();
            for (var i = 0; i < queue.Count;)
            {
                if (rng.NextDouble() < 0.03)
                {
                    i++; // stays unpacked at the packing house
                    continue;
                }
                var pick = rng.NextDouble();
                var (maxKg, maxCount) = pick < 0.01 ? (4_000m, 3) : pick < 0.06 ? (3_300m, 4) : (6_000m, 6);
                var parents = new List<Lot> { queue[i].Lot };
                var received = queue[i].Received;
                for (i++; i < queue.Count && parents.Count < maxCount && parents.Sum(p => p.Kg) + queue[i].Lot.Kg <= maxKg; i++)
                {
                    parents.Add(queue[i].Lot);
                    received = queue[i].Received;
                }
                var at = received.AddHours(1 + rng.Next(6));
                if (pick < 0.01) Dried(group.Key, parents, at, 0.20m + (decimal)rng.NextDouble() * 0.10m);
                else if (pick < 0.06) Export(group.Key, parents, at);
                else Domestic(group.Key, parents, at, pick);
            }
        }
    }

    private void Frauds()
    {
        var june = new DateTimeOffset(2026, 6, 15, 6, 0, 0, Vn);
        var outlier = PlantedFarm(0, "OUTLIER", 2m, 11_000m, june);
        planted.Add((AlertRules.YieldOutlier, outlier));
        var capped = PlantedFarm(1, "CAPPED", 1m, 0.99m * MaxYield, june);
        planted.Add((AlertRules.NearCap, capped));
        planted.Add((AlertRules.YieldOutlier, capped)); // 11,880 kg/ha is its commune's outlier too
        const string other = "BG-LN-PLANTED";
        farms.Add(new(other, "Vườn planted", "htx-planted", "Xã 999", 10m));
        var late = Harvest("HTXPL", other, "htx-planted", 50m, june, june.AddDays(10));
        planted.Add((AlertRules.BackDated, late.Code));
        var early = new DateTimeOffset(2026, 4, 25, 6, 0, 0, Vn);
        var outside = Harvest("HTXPL", other, "htx-planted", 50m, early, early.AddHours(3));
        planted.Add((AlertRules.OutsideWindow, outside.Code));
        var burst = new DateTimeOffset(2026, 6, 20, 8, 0, 0, Vn);
        for (var i = 0; i < 3; i++)
        {
            var h = Harvest("HTXPL", other, "htx-planted", 2_400m, burst.AddHours(-8), burst.AddHours(-7));
            var received = Ship(h, "htx-planted", "packhouse-00", burst.AddHours(-6), 2);
            var lot = Merge("packhouse-00", [h], received.AddMinutes(30));
            Fumigate(lot, "FUM-BG-02", burst.AddHours(i));
            Ship(lot, "packhouse-00", JapanImporter, burst.AddHours(i + 4), 80);
        }
        planted.Add((AlertRules.TreatmentOverCapacity, $"FUM-BG-02/{burst.UtcDateTime:yyyyMMdd'T'HHmm'Z'}"));
        var source = Harvest("HTXPL", other, "htx-planted", 300m, june, june.AddHours(2));
        var stuck = Merge("packhouse-00", [source], Ship(source, "htx-planted", "packhouse-00", june.AddHours(3), 2).AddHours(1));
        var shipped = new DateTimeOffset(2026, 7, 5, 10, 0, 0, Vn);
        Ship(stuck, "packhouse-00", JapanImporter, shipped, null);
        planted.Add((AlertRules.TransitTooLong, $"{stuck.Code}#{stuck.Events.Count}"));
        var dried = Harvest("HTXPL", other, "htx-planted", 200m, june, june.AddHours(3));
        var bad = Dried("packhouse-00", [dried], Ship(dried, "htx-planted", "packhouse-00", june.AddHours(4), 2).AddHours(1), 0.6m);
        planted.Add((AlertRules.TransformationYield, bad.Code));
    }

    private string PlantedFarm(int commune, string name, decimal area, decimal yieldPerHa, DateTimeOffset at)
    {
        var code = $"BG-LN-C{commune:000}-{name}";
        farms.Add(new(code, $"Vườn {name}", $"htx-c{commune:000}", Commune(commune), area));
        for (var i = 0; i < 4; i++)
        {
            var day = at.AddDays(i * 5);
            var h = Harvest(Coop(commune), code, $"htx-c{commune:000}", area * yieldPerHa / 4, day, day.AddHours(3));
            Ship(h, $"htx-c{commune:000}", Packhouse(commune), at.AddDays(i * 5).AddHours(2), 3);
        }
        return code;
    }

    private Lot Harvest(string space, string farm, string owner, decimal kg, DateTimeOffset at, DateTimeOffset recorded)
    {
        var lot = new Lot($"{space}-26-H{++serial:000000}", "harvest", farm, kg, "lychee", owner);
        lot.Events.Add(new("ObjectEvent", "commissioning", "active", at, recorded, farm, farm, owner, kg));
        lots.Add(lot);
        return lot;
    }

    /// <summary>A shipping event and, unless <paramref name="hours"/> is null, its receiving; returns when it was received.</summary>
    private DateTimeOffset Ship(Lot lot, string from, string to, DateTimeOffset at, double? hours)
    {
        lot.Events.Add(new("ObjectEvent", "shipping", "in_transit", at, Recorded(at), from, from, from, Destination: to));
        if (hours is not { } h) return at;
        var received = at.AddHours(h);
        lot.Events.Add(new("ObjectEvent", "receiving", "active", received, Recorded(received), to, to, to));
        return received;
    }

    private DateTimeOffset Recorded(DateTimeOffset at) => at.AddMinutes(1 + rng.Next(30));

    private Lot Merge(string packhouse, List<Lot> parents, DateTimeOffset at) =>
        Derived(packhouse, "merge", "lychee", parents, parents.Sum(p => p.Kg), at, "repackaging");

    private Lot Derived(string packhouse, string kind, string product, List<Lot> parents, decimal kg, DateTimeOffset at, string step)
    {
        var space = orgs.First(o => o.Id == packhouse).Space;
        var lot = new Lot($"{space}-26-{(kind == "merge" ? "M" : "T")}{++serial:000000}", kind, null, kg, product, packhouse);
        var inputs = Nguon.Domain.ReadModel.ReadRows.Serialize(
            parents.Select(p => new { batch = p.Code, quantity = new { amount = p.Kg, unit = "kg" } }));
        lot.Events.Add(new("TransformationEvent", step, "active", at, Recorded(at), packhouse, packhouse, packhouse, kg, Inputs: inputs));
        lot.Events.Add(new("ObjectEvent", "packing", "active", at.AddHours(1), Recorded(at.AddHours(1)), packhouse, packhouse, packhouse));
        foreach (var p in parents)
        {
            lot.Parents.Add((p, p.Kg));
            p.Taken += p.Kg;
        }
        lots.Add(lot);
        return lot;
    }

    private Lot Dried(string packhouse, List<Lot> parents, DateTimeOffset at, decimal yield)
    {
        var lot = Derived(packhouse, "transformation", "dried lychee", parents, Math.Round(parents.Sum(p => p.Kg) * yield, 1), at,
            BizStep.Processing.Value);
        if (yield < 0.5m) Ship(lot, packhouse, $"retailer-{rng.Next(10):00}", at.AddHours(5), 4 + rng.Next(26));
        return lot;
    }

    private void Fumigate(Lot lot, string facility, DateTimeOffset at) =>
        lot.Events.Add(new("ObjectEvent", Fumigating, "active", at, Recorded(at), facility, facility, lot.Creator));

    /// <summary>For Japan: fumigated in the first free hour of either facility within 2 days of packing, else sold at home.</summary>
    private void Export(string packhouse, List<Lot> parents, DateTimeOffset at)
    {
        var ready = (int)Math.Ceiling((at.AddHours(2) - SlotOrigin).TotalHours);
        for (var hour = ready; hour < ready + 48; hour++)
            for (var f = 0; f < Facilities.Length; f++)
            {
                if (slots[f][hour]) continue;
                slots[f][hour] = true;
                var lot = Merge(packhouse, parents, at);
                var slot = SlotOrigin.AddHours(hour);
                Fumigate(lot, Facilities[f], slot);
                Ship(lot, packhouse, JapanImporter, slot.AddHours(4), 60 + rng.Next(50));
                return;
            }
        Domestic(packhouse, parents, at, 0.1);
    }

    private void Domestic(string packhouse, List<Lot> parents, DateTimeOffset at, double pick)
    {
        var lot = Merge(packhouse, parents, at);
        if (pick < 0.55) Ship(lot, packhouse, $"retailer-{rng.Next(10):00}", at.AddHours(3), 4 + rng.Next(26));
        else if (pick < 0.80) Ship(lot, packhouse, $"trader-{rng.Next(5):00}", at.AddHours(3), 4 + rng.Next(26));
    }

    /// <summary>Every row by binary COPY, one connection per table; returns the seconds it took.</summary>
    public async Task<double> SeedAsync(string connectionString, string serviceId)
    {
        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var s = serviceId;
        var connections = new List<NpgsqlConnection>();
        async Task<NpgsqlBinaryImporter> Open(string copy)
        {
            var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync();
            connections.Add(c);
            return await c.BeginBinaryImportAsync(copy + " FROM STDIN (FORMAT BINARY)");
        }
        try
        {
            var organisations = await Open("""
                COPY rm_organisations (service_id, id, name, roles, commune, country, code_space, registered_at, version, projected_at)
                """);
            var farmRows = await Open("""
                COPY rm_farms (service_id, code, name, owner, commune, district, province, area_ha, registered_at, version, projected_at)
                """);
            var authorisations = await Open("""
                COPY rm_authorisations (service_id, farm, gi, status, valid_from, valid_from_offset, valid_to, valid_to_offset, reference)
                """);
            var batches = await Open("""
                COPY rm_batches (service_id, code, gtin, lot, product, variety, quantity, unit, remaining, gi_claim, origin_kind, farm,
                    season, custodian, first_custodian, destination, destination_country, status, created_at, created_offset, last_event_at,
                    last_event_offset, event_count, head_hash, version, projected_at)
                """);
            var events = await Open("""
                COPY rm_events (service_id, batch, sequence, event_id, event_type, biz_step, disposition, event_time, event_offset,
                    record_time, read_point, biz_location, actor, quantity, unit, destination, inputs, outputs, sensors, documents, reason,
                    hash)
                """);
            var lineage = await Open("COPY rm_lineage (service_id, child, parent, quantity, unit)");
            var holders = await Open("COPY rm_batch_holders (service_id, batch, holder)");
            var reached = await Open("COPY rm_batch_farms (service_id, batch, farm)");
            var shipped = await Open("COPY rm_batch_destinations (service_id, batch, destination, sequence, shipped_at)");
            foreach (var o in orgs) await Row(organisations, s, o.Id, o.Name, o.Roles, o.Commune, o.Country, o.Space, Registered, 1, now);
            foreach (var f in farms)
            {
                await Row(farmRows, s, f.Code, f.Name, f.Owner, f.Commune, "Lục Ngạn", "Bắc Giang", f.AreaHa, Registered, 1, now);
                await Row(authorisations, s, f.Code, Gi, "active", Registered, Offset, null, null, $"QD-{f.Code}/2026");
            }
            var country = orgs.ToDictionary(o => o.Id, o => o.Country);
            foreach (var lot in lots)
            {
                var (status, custodian, destination) = ("active", lot.Creator, (string?)null);
                foreach (var e in lot.Events)
                {
                    if (e.Step == "shipping") (status, destination) = ("inTransit", e.Destination);
                    else if (e.Step == "receiving") (status, custodian, destination) = ("active", destination ?? custodian, null);
                }
                var remaining = lot.Kg - lot.Taken;
                if (remaining == 0) status = "consumed";
                var (first, last) = (lot.Events[0], lot.Events[^1]);
                await Row(batches, s, lot.Code, null, null, lot.Product, lot.Kind == "harvest" ? "thiều" : null, lot.Kg, "kg", remaining,
                    Gi, lot.Kind, lot.Farm, lot.Kind == "harvest" ? Season : null, custodian, lot.Creator, destination,
                    destination is null ? null : country[destination], status, first.At, Offset, last.At, Offset, lot.Events.Count,
                    Hash(lot.Code, lot.Events.Count), lot.Events.Count, now);
                for (var i = 0; i < lot.Events.Count; i++)
                {
                    var e = lot.Events[i];
                    await Row(events, s, lot.Code, i + 1, $"urn:uuid:{Guid()}", e.Type, e.Step, e.Disposition, e.At, Offset, e.Recorded,
                        e.ReadPoint, e.Location, e.Actor, e.Kg, e.Kg is null ? null : "kg", e.Destination, e.Inputs, "[]", "[]", "[]", null,
                        Hash(lot.Code, i + 1));
                    if (e.Step == "shipping" && e.Destination is { } to)
                        foreach (var place in new[] { to, country[to] }.Distinct())
                            await Row(shipped, s, lot.Code, place, i + 1, e.At);
                }
                foreach (var (parent, kg) in lot.Parents) await Row(lineage, s, lot.Code, parent.Code, kg, "kg");
                if (custodian != lot.Creator) await Row(holders, s, lot.Code, lot.Creator);
                IEnumerable<string> reachedFarms = lot.Farm is { } own ? [own]
                    : lot.Parents.Select(p => p.Parent.Farm!).Distinct().Order(StringComparer.Ordinal);
                foreach (var f in reachedFarms) await Row(reached, s, lot.Code, f);
            }
            foreach (var w in new[] { organisations, farmRows, authorisations, batches, events, lineage, holders, reached, shipped })
            {
                await w.CompleteAsync();
                await w.DisposeAsync();
            }
        }
        finally
        {
            foreach (var c in connections) await c.DisposeAsync();
        }
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            // So that a silo on this service id (the HTTP runs) keeps the rows: its sweep deletes projections without a grain.
            await StubGrainRows.InsertAsync(connection, serviceId);
            await using var analyse = new NpgsqlCommand("""
                VACUUM (ANALYZE) rm_batches, rm_events, rm_lineage, rm_batch_farms, rm_batch_destinations, rm_batch_holders, rm_farms,
                    rm_authorisations, rm_organisations, orleansstorage
                """, connection) { CommandTimeout = 600 };
            await analyse.ExecuteNonQueryAsync();
        }
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task Row(NpgsqlBinaryImporter w, params object?[] values)
    {
        await w.StartRowAsync();
        foreach (var v in values)
        {
            switch (v)
            {
                case null: await w.WriteNullAsync(); break;
                case DateTimeOffset t: await w.WriteAsync(t.UtcDateTime, NpgsqlDbType.TimestampTz); break;
                case decimal d: await w.WriteAsync(d, NpgsqlDbType.Numeric); break;
                case int i: await w.WriteAsync(i, NpgsqlDbType.Integer); break;
                case string text: await w.WriteAsync(text, NpgsqlDbType.Text); break;
                default: throw new InvalidOperationException($"no COPY type for {v.GetType().Name}");
            }
        }
    }

    private Guid Guid()
    {
        Span<byte> b = stackalloc byte[16];
        rng.NextBytes(b);
        return new Guid(b);
    }

    private static string Hash(string code, int sequence) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{code}#{sequence}")));
}
