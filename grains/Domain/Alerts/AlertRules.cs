using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Nguon.Domain.Ledger;
using Nguon.Model;

namespace Nguon.Domain.Alerts;

/// <summary>The alert rules over one GI's season: pure functions of the season's facts and the GI's thresholds, so each
/// planted fraud and each honest case is tested without a database. Each rule is one pass over sorted facts.</summary>
public static class AlertRules
{
    public const string YieldOutlier = "yield.commune-outlier";
    public const string NearCap = "yield.near-cap";
    public const string BackDated = "harvest.back-dated";
    public const string OutsideWindow = "harvest.outside-window";
    public const string TreatmentOverCapacity = "treatment.over-capacity";
    public const string TransitTooLong = "transit.too-long";
    public const string TransformationYield = "transformation.yield";
    public const string UnknownLotScans = "scan.unknown-lot";

    public static readonly IReadOnlyList<string> All =
        [YieldOutlier, NearCap, BackDated, OutsideWindow, TreatmentOverCapacity, TransitTooLong, TransformationYield, UnknownLotScans];

    /// <summary>Every finding of every rule the GI's set has, at <paramref name="now"/> (lots still in transit are judged
    /// against it).</summary>
    public static List<Finding> Evaluate(SeasonFacts facts, AlertRuleSet rules, DateTimeOffset now)
    {
        var found = new List<Finding>();
        if (rules.YieldOutlier is { } outlier) found.AddRange(Outliers(facts.Farms, outlier));
        if (rules.NearCap is { } cap) found.AddRange(NearCaps(facts.Farms, cap));
        if (rules.BackDating is { } late) found.AddRange(BackDating(facts.Harvests, late));
        if (rules.HarvestWindow is { } window) found.AddRange(Window(facts.Harvests, window));
        if (rules.TreatmentCapacity is { } treatment) found.AddRange(Treatments(facts.Treatments, treatment));
        if (rules.Transit is { } transit) found.AddRange(Transits(facts.Shipments, transit, now));
        if (rules.TransformationYield is { } yields) found.AddRange(Transformations(facts.Transformations, yields));
        if (rules.UnknownScans is { } scans) found.AddRange(Scans(facts.ScanMisses, scans));
        return found;
    }

    /// <summary>An alert's id: the same finding (GI, season, rule, subject) always has the same one.</summary>
    public static string AlertId(string gi, string season, string rule, string subject) =>
        "AL-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{gi}\n{season}\n{rule}\n{subject}")))[..20];

    public static IEnumerable<Finding> Outliers(IReadOnlyList<FarmLine> farms, YieldOutlierRule rule)
    {
        foreach (var commune in farms.Where(f => f.Harvests > 0 && f.AreaHa > 0).GroupBy(f => f.Commune, StringComparer.Ordinal))
        {
            var lines = commune.OrderBy(f => f.YieldKgPerHa).ToList();
            if (lines.Count < rule.MinFarms) continue;
            var yields = lines.Select(f => f.YieldKgPerHa).ToList();
            var median = SeasonLedgers.Median(yields);
            for (var i = 0; i < lines.Count; i++)
            {
                var farm = lines[i];
                var (basis, name) = rule.Method == "p95"
                    ? (Percentile95([.. yields.Take(i), .. yields.Skip(i + 1)]), "communeP95KgPerHa") : (median, "communeMedianKgPerHa");
                if (basis <= 0 || farm.YieldKgPerHa <= rule.K * basis) continue;
                yield return new(YieldOutlier, farm.Farm,
                    $"farm {farm.Farm} harvested {N(farm.YieldKgPerHa)} kg/ha, {N(Math.Round(farm.YieldKgPerHa / basis, 2))} × its "
                    + $"commune {commune.Key}'s {(rule.Method == "p95" ? "95th percentile" : "median")} of {N(basis)} kg/ha",
                    Evidence([], [farm.Farm], [], ("yieldKgPerHa", farm.YieldKgPerHa), (name, basis), ("k", rule.K),
                        ("communeFarms", lines.Count), ("harvestedKg", farm.HarvestedKg), ("areaHa", farm.AreaHa)));
            }
        }
    }

    public static IEnumerable<Finding> NearCaps(IReadOnlyList<FarmLine> farms, NearCapRule rule) =>
        farms.Where(f => f.CapacityKg > 0 && f.HarvestedKg >= rule.Fraction * f.CapacityKg).Select(f => new Finding(NearCap, f.Farm,
            $"farm {f.Farm} harvested {N(f.HarvestedKg)} kg, {N(Math.Round(100 * f.HarvestedKg / f.CapacityKg, 1))} % of its cap of "
            + $"{N(f.CapacityKg)} kg (area × the GI's maximum yield)",
            Evidence([], [f.Farm], [], ("harvestedKg", f.HarvestedKg), ("capacityKg", f.CapacityKg), ("fraction", rule.Fraction),
                ("harvests", f.Harvests))));

    public static IEnumerable<Finding> BackDating(IReadOnlyList<HarvestFact> harvests, BackDatingRule rule) =>
        harvests.Where(h => (decimal)(h.RecordedAt - h.HarvestedAt).TotalHours > rule.MaxDelayHours)
            .OrderBy(h => h.Lot, StringComparer.Ordinal)
            .Select(h =>
            {
                var hours = Math.Round((decimal)(h.RecordedAt - h.HarvestedAt).TotalHours, 1);
                return new Finding(BackDated, h.Lot,
                    $"harvest {h.Lot} was recorded {N(hours)} h after its harvest time {h.HarvestedAt:yyyy-MM-dd HH:mm zzz} "
                    + $"(allowed: {N(rule.MaxDelayHours)} h)",
                    Evidence([h.Lot], Farms(h.Farm), [h.Lot + "#1"], ("delayHours", hours), ("maxDelayHours", rule.MaxDelayHours),
                        ("kg", h.Kg)));
            });

    public static IEnumerable<Finding> Window(IReadOnlyList<HarvestFact> harvests, HarvestWindowRule rule)
    {
        var (from, to) = (MonthDay(rule.From), MonthDay(rule.To));
        foreach (var h in harvests.OrderBy(h => h.Lot, StringComparer.Ordinal))
        {
            var day = h.HarvestedAt.Month * 100 + h.HarvestedAt.Day;
            if (day >= from && day <= to) continue;
            yield return new(OutsideWindow, h.Lot,
                $"harvest {h.Lot} on {h.HarvestedAt:yyyy-MM-dd} lies outside the specification's harvest window {rule.From} to {rule.To}",
                Evidence([h.Lot], Farms(h.Farm), [h.Lot + "#1"], ("kg", h.Kg), ("harvestMonthDay", day), ("windowFrom", from),
                    ("windowTo", to)));
        }
    }

    /// <summary>Per facility, a sliding window of one chamber cycle over its treatments in time order (two pointers, each
    /// treatment entered and left once); a run of overlapping overloaded windows is one finding, named by its first
    /// treatment, with the evidence of its fullest window.</summary>
    public static IEnumerable<Finding> Treatments(IReadOnlyList<TreatmentFact> treatments, TreatmentCapacityRule rule)
    {
        var facilities = rule.Facilities.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var span = TimeSpan.FromHours((double)rule.WindowHours);
        foreach (var group in treatments.Where(t => facilities.ContainsKey(t.Facility)).GroupBy(t => t.Facility, StringComparer.Ordinal)
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var capacity = facilities[group.Key].Chambers * rule.KgPerChamber;
            var list = group.OrderBy(t => t.At).ThenBy(t => t.Lot, StringComparer.Ordinal).ToList();
            var (start, sum) = (0, 0m);
            var (first, runEnd) = (-1, -1);
            (int From, int To, decimal Kg) fullest = default;
            for (var end = 0; end < list.Count; end++)
            {
                sum += list[end].Kg;
                while (list[end].At - list[start].At >= span) sum -= list[start++].Kg;
                if (sum <= capacity) continue;
                if (first < 0 || start > runEnd)
                {
                    if (first >= 0) yield return Overload(group.Key, list, first, fullest, capacity, rule);
                    (first, fullest) = (start, (start, end, sum));
                }
                else if (sum > fullest.Kg) fullest = (start, end, sum);
                runEnd = end;
            }
            if (first >= 0) yield return Overload(group.Key, list, first, fullest, capacity, rule);
        }
    }

    public static IEnumerable<Finding> Transits(IReadOnlyList<ShipmentFact> shipments, TransitRule rule, DateTimeOffset now)
    {
        foreach (var s in shipments.OrderBy(s => s.Lot, StringComparer.Ordinal).ThenBy(s => s.Sequence))
        {
            var allowed = s.Country is { } c && rule.MaxHoursByCountry?.TryGetValue(c, out var h) == true ? h : rule.DefaultMaxHours;
            var hours = Math.Round((decimal)((s.ReceivedAt ?? now) - s.ShippedAt).TotalHours, 1);
            if (hours <= allowed) continue;
            var events = s.ReceivedSequence is { } r ? new[] { $"{s.Lot}#{s.Sequence}", $"{s.Lot}#{r}" } : [$"{s.Lot}#{s.Sequence}"];
            yield return new(TransitTooLong, $"{s.Lot}#{s.Sequence}",
                $"lot {s.Lot} {(s.ReceivedAt is null ? "has been in transit" : "was in transit")} {N(hours)} h"
                + $"{(s.Country is null ? "" : $" to {s.Country}")} (the route allows {N(allowed)} h)",
                Evidence([s.Lot], [], events, ("transitHours", hours), ("maxHours", allowed)));
        }
    }

    public static IEnumerable<Finding> Transformations(IReadOnlyList<TransformationFact> transformations, TransformationYieldRule rule)
    {
        foreach (var t in transformations.Where(t => t.InputKg > 0).OrderBy(t => t.Lot, StringComparer.Ordinal))
        {
            var range = rule.ByProduct?.TryGetValue(t.Product, out var own) == true ? own : rule.Default;
            var ratio = Math.Round(t.OutputKg / t.InputKg, 4);
            if (ratio >= range.Min && ratio <= range.Max) continue;
            yield return new(TransformationYield, t.Lot,
                $"transformation {t.Lot} made {N(t.OutputKg)} kg of {t.Product} from {N(t.InputKg)} kg, a yield of {N(ratio)} "
                + $"outside {N(range.Min)}–{N(range.Max)}",
                Evidence([t.Lot, .. t.Inputs], [], [t.Lot + "#1"], ("yield", ratio), ("minYield", range.Min), ("maxYield", range.Max),
                    ("outputKg", t.OutputKg), ("inputKg", t.InputKg)));
        }
    }

    public static IEnumerable<Finding> Scans(IReadOnlyList<ScanMissFact> misses, UnknownScansRule rule) =>
        misses.Where(m => m.Count >= rule.MinPerDay).OrderBy(m => m.Gtin, StringComparer.Ordinal).ThenBy(m => m.Day).Select(m =>
            new Finding(UnknownLotScans, $"{m.Gtin}/{m.Day:yyyy-MM-dd}",
                $"{m.Count} label scans on {m.Day:yyyy-MM-dd} under GTIN "
                + $"{m.Gtin} named lots Nguon does not know (counterfeits in the market?)",
                Evidence([], [], [], ("scans", m.Count), ("minPerDay", rule.MinPerDay))));

    private static Finding Overload(string facility, List<TreatmentFact> list, int first, (int From, int To, decimal Kg) fullest,
        decimal capacity, TreatmentCapacityRule rule)
    {
        var window = list[fullest.From..(fullest.To + 1)];
        var at = list[first].At;
        return new(TreatmentOverCapacity, $"{facility}/{at.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture)}",
            $"{N(fullest.Kg)} kg claim fumigation at {facility} within {N(rule.WindowHours)} h "
            + $"from {list[fullest.From].At:yyyy-MM-dd HH:mm zzz}, "
            + $"above its {N(capacity)} kg ({capacity / rule.KgPerChamber} chambers × {N(rule.KgPerChamber)} kg)",
            Evidence([.. window.Select(t => t.Lot).Distinct()], [], [.. window.Select(t => $"{t.Lot}#{t.Sequence}")],
                ("claimedKg", fullest.Kg), ("capacityKg", capacity), ("windowHours", rule.WindowHours)));
    }

    private static decimal Percentile95(IReadOnlyList<decimal> sorted) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(0.95 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static int MonthDay(string monthDay) =>
        int.Parse(monthDay[..2], CultureInfo.InvariantCulture) * 100 + int.Parse(monthDay[3..], CultureInfo.InvariantCulture);

    private static string[] Farms(string? farm) => farm is null ? [] : [farm];

    private static AlertEvidence Evidence(IReadOnlyList<string> lots, IReadOnlyList<string> farms, IReadOnlyList<string> events,
        params (string Name, decimal Value)[] figures) =>
        new(lots, farms, events, figures.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal));

    private static string N(decimal d) => EventHashing.Number(d);
}
