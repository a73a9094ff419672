using System.Globalization;
using Nguon.Domain.Alerts;
using Nguon.Domain.Ledger;
using Nguon.Model;

namespace Nguon.Tests.Alerts;

/// <summary>A synthetic GI season, as the ledger and the alert rules read it from the read model: communes of farms with
/// an honest yield spread, harvests over the specification's window recorded within a day, packing houses merging each
/// day's fruit into lots that are fumigated within the facility's capacity, exported and received in time, some dried
/// (at a plausible yield) — and, if asked, one planted fraud of each kind the rules look for. Deterministic by seed.</summary>
public sealed class SeasonGenerator(int communes, int farmsPerCommune, int seed = 17)
{
    public const string Gi = "VN-GI-00017";
    public const string Season = "2026";
    public const decimal MaxYield = 12_000m;
    public static readonly DateTimeOffset Now = new(2026, 7, 20, 12, 0, 0, TimeSpan.FromHours(7));
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    private readonly Random random = new(seed);
    private readonly List<LedgerFarm> farms = [];
    private readonly List<LedgerLot> lots = [];
    private readonly List<LedgerEdge> edges = [];
    private readonly List<HarvestFact> harvests = [];
    private readonly List<TreatmentFact> treatments = [];
    private readonly List<ShipmentFact> shipments = [];
    private readonly List<TransformationFact> transformations = [];
    private readonly List<ScanMissFact> scans = [];
    private readonly HashSet<(string Rule, string Subject)> planted = [];
    private int serial;

    /// <summary>The (rule, subject) of every planted fraud.</summary>
    public IReadOnlySet<(string Rule, string Subject)> Planted => planted;

    /// <summary>The farms planted frauds are about: a rule may name them more than once (a farm filling its cap is an
    /// outlier of its commune too).</summary>
    public IReadOnlySet<string> FraudSubjects => planted.Select(p => p.Subject).ToHashSet();

    public LedgerInput Input => new(Gi, Season, MaxYield, farms, lots, edges);

    public SeasonFacts Facts => new(Gi, Season, SeasonLedgers.FarmLines(Input), harvests, treatments, shipments, transformations, scans);

    public SeasonGenerator Honest()
    {
        var day = new List<(string Lot, decimal Kg, DateTimeOffset At)>();
        for (var c = 0; c < communes; c++)
            for (var f = 0; f < farmsPerCommune; f++)
            {
                var farm = $"VNBG-LN-C{c:00}-{f:000}";
                var area = Math.Round(0.5m + (decimal)random.NextDouble() * 2.5m, 2);
                farms.Add(new LedgerFarm(farm, $"Vườn {farm}", $"htx-c{c:00}", $"Commune {c:00}", area));
                var total = area * (4_500m + (decimal)random.NextDouble() * 1_500m);
                var count = Math.Max(2 + random.Next(4), (int)Math.Ceiling(total / 2_400m));
                for (var h = 0; h < count; h++)
                {
                    var at = new DateTimeOffset(2026, 6, 1, 6, 0, 0, Vn).AddDays(random.Next(40)).AddHours(random.Next(6));
                    day.Add((Harvest(farm, Math.Round(total / count, 1), at, at.AddHours(random.Next(1, 24))),
                        Math.Round(total / count, 1), at));
                }
            }
        // Each day's harvests, in lots of at most 2,400 kg, packed, fumigated an hour apart at FUM-BG-01 (4 chambers:
        // 10,000 kg per 3 h; three lots in a window hold 7,200), shipped to Japan and received within 60 h.
        // One facility slot per hour, whatever the day: a busy day's lots queue into the night and the next day.
        var slot = DateTimeOffset.MinValue;
        foreach (var group in day.GroupBy(d => d.At.Date).OrderBy(g => g.Key))
        {
            var batch = new List<(string Lot, decimal Kg)>();
            void Treat()
            {
                var at = new DateTimeOffset(group.Key, Vn).AddHours(14);
                slot = at > slot ? at : slot;
                Pack(batch, slot, "FUM-BG-01");
                slot = slot.AddHours(1);
                batch.Clear();
            }
            foreach (var (lot, kg, _) in group)
            {
                if (batch.Sum(b => b.Kg) + kg > 2_400m && batch.Count > 0) Treat();
                batch.Add((lot, kg));
            }
            if (batch.Count > 0) Treat();
        }
        return this;
    }

    /// <summary>One fraud of each kind, on farms and lots of their own.</summary>
    public SeasonGenerator WithFrauds()
    {
        var june = new DateTimeOffset(2026, 6, 15, 6, 0, 0, Vn);
        var outlier = PlantedFarm("Commune 00", "OUTLIER", 2m, 11_000m, june);
        planted.Add((AlertRules.YieldOutlier, outlier));
        var capped = PlantedFarm("Commune 01", "CAPPED", 1m, 0.99m * MaxYield, june);
        planted.Add((AlertRules.NearCap, capped));
        planted.Add((AlertRules.YieldOutlier, capped));
        // The lot-level frauds come from a large farm of its own commune, so they do not move an honest farm's yield.
        const string other = "VNBG-LN-OTHER";
        farms.Add(new LedgerFarm(other, "OTHER", "htx-planted", "Commune Z", 10m));
        var late = Harvest(other, 50m, june, june.AddDays(10));
        planted.Add((AlertRules.BackDated, late));
        var early = Harvest(other, 50m, new DateTimeOffset(2026, 4, 25, 6, 0, 0, Vn), new DateTimeOffset(2026, 4, 25, 9, 0, 0, Vn));
        planted.Add((AlertRules.OutsideWindow, early));
        // FUM-BG-02 has 2 chambers (5,000 kg per 3 h): three 2,400 kg lots within two hours claim 7,200.
        var burst = new DateTimeOffset(2026, 6, 20, 8, 0, 0, Vn);
        for (var i = 0; i < 3; i++)
        {
            var h = Harvest(other, 2_400m, burst.AddHours(-6), burst.AddHours(-5));
            Pack([(h, 2_400m)], burst.AddHours(i), "FUM-BG-02");
        }
        planted.Add((AlertRules.TreatmentOverCapacity, $"FUM-BG-02/{burst.UtcDateTime:yyyyMMdd'T'HHmm'Z'}"));
        var stuck = Harvest(other, 300m, june, june.AddHours(2));
        var shipped = new DateTimeOffset(2026, 7, 5, 10, 0, 0, Vn);
        shipments.Add(new ShipmentFact(stuck, 2, shipped, "JP", null, null));
        planted.Add((AlertRules.TransitTooLong, $"{stuck}#2"));
        var source = Harvest(other, 200m, june, june.AddHours(3));
        var dried = Transform(source, 200m, 120m, june.AddDays(1));
        planted.Add((AlertRules.TransformationYield, dried));
        scans.Add(new ScanMissFact("08935000100011", new DateOnly(2026, 7, 1), 5));
        planted.Add((AlertRules.UnknownLotScans, "08935000100011/2026-07-01"));
        return this;
    }

    /// <summary>Honest extras the rules must not flag: a plausible drying, one stray scan.</summary>
    public SeasonGenerator WithHonestExtras()
    {
        var june = new DateTimeOffset(2026, 6, 18, 6, 0, 0, Vn);
        Transform(Harvest(farms[^1].Code, 100m, june, june.AddHours(1)), 100m, 25m, june.AddDays(1));
        scans.Add(new ScanMissFact("08935000100028", new DateOnly(2026, 7, 2), 1));
        return this;
    }

    private string PlantedFarm(string commune, string name, decimal area, decimal yieldPerHa, DateTimeOffset at)
    {
        var farm = $"VNBG-LN-{name}";
        farms.Add(new LedgerFarm(farm, name, "htx-planted", commune, area));
        for (var i = 0; i < 4; i++) Harvest(farm, area * yieldPerHa / 4, at.AddDays(i * 5), at.AddDays(i * 5).AddHours(3));
        return farm;
    }

    private string Harvest(string farm, decimal kg, DateTimeOffset at, DateTimeOffset recorded)
    {
        var code = $"H-{++serial:000000}";
        lots.Add(new LedgerLot(code, "harvest", farm, Season, kg, "kg", kg, "active", at, false, false, ShippedTo.Nowhere, null, "lychee"));
        harvests.Add(new HarvestFact(code, farm, kg, at, recorded));
        return code;
    }

    private void Pack(List<(string Lot, decimal Kg)> inputs, DateTimeOffset at, string facility)
    {
        var code = $"P-{++serial:000000}";
        var kg = inputs.Sum(i => i.Kg);
        foreach (var (lot, taken) in inputs)
        {
            edges.Add(new LedgerEdge(code, lot, taken, "kg"));
            Consume(lot, taken);
        }
        lots.Add(new LedgerLot(code, "merge", null, null, kg, "kg", kg, "active", at, true, true, ShippedTo.Abroad, "JP", "lychee"));
        treatments.Add(new TreatmentFact(code, 2, facility, at, kg));
        shipments.Add(new ShipmentFact(code, 3, at.AddHours(4), "JP", at.AddHours(4 + random.Next(20, 60)), 4));
    }

    private string Transform(string source, decimal taken, decimal output, DateTimeOffset at)
    {
        var code = $"T-{++serial:000000}";
        edges.Add(new LedgerEdge(code, source, taken, "kg"));
        Consume(source, taken);
        lots.Add(new LedgerLot(code, "transformation", null, null, output, "kg", output, "active", at, true, false, ShippedTo.Nowhere, null,
            "dried lychee"));
        transformations.Add(new TransformationFact(code, "dried lychee", output, taken, [source]));
        return code;
    }

    private void Consume(string lot, decimal kg)
    {
        var i = lots.FindIndex(l => l.Code == lot);
        lots[i] = lots[i] with { Remaining = lots[i].Remaining - kg, Status = lots[i].Remaining - kg == 0 ? "consumed" : "active" };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{farms.Count} farms, {harvests.Count} harvests, {lots.Count} lots, {planted.Count} planted findings");
}
