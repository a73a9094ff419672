using System.Globalization;
using Nguon.Model;

namespace Nguon.Domain.Ledger;

/// <summary>The season ledger from read-model rows: pure, so every figure is tested without a database. Lots are taken in
/// lineage order (parents before children, each once: no recursion, nothing revisited), and each carries the share of its
/// mass that came from the season's harvests, so a lot mixed across seasons counts in each by its share.</summary>
public static class SeasonLedgers
{
    private enum Stage { Unpacked = 0, Packed = 1, Fumigated = 2, DomesticMarket = 3, Abroad = 4 }

    public static SeasonLedger Compute(
        LedgerInput input, DateTimeOffset asOf, DateTimeOffset? sweptAt, Func<LedgerFarm, bool> mayReadFarmLine)
    {
        var (_, t) = Walk(input);
        var farmLines = FarmLines(input);
        var farms = input.Farms.ToDictionary(f => f.Code, StringComparer.Ordinal);
        var balance = t.Balance(input.Lots.Where(l => IsSeasonHarvest(l, input.Season)).Sum(l => Kg(l.Quantity, l.Unit) ?? 0));
        var harvesting = farmLines.Where(f => f.Harvests > 0).ToList();
        var authorised = input.Farms.Where(f => f.Authorised).ToList();
        return new SeasonLedger(input.Gi, input.Season, asOf, sweptAt, input.MaxYieldKgPerHa,
            new LedgerFarms(authorised.Count, harvesting.Count, authorised.Sum(f => f.AreaHa),
                Round(authorised.Sum(f => f.AreaHa) * input.MaxYieldKgPerHa), balance.HarvestedKg),
            Communes(farmLines, input.MaxYieldKgPerHa), Weeks(input), balance,
            [.. t.Exported.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new CountryLine(c.Key, Round(c.Value)))],
            [.. farmLines.Where(l => mayReadFarmLine(farms[l.Farm]))],
            t.OtherUnits);
    }

    /// <summary>The share of each lot's mass that came from the season's harvests (lots with none are left out).</summary>
    public static IReadOnlyDictionary<string, decimal> Shares(LedgerInput input)
    {
        var (share, _) = Walk(input);
        var shares = new Dictionary<string, decimal>(StringComparer.Ordinal);
        for (var i = 0; i < share.Length; i++)
            if (share[i] > 0) shares[input.Lots[i].Code] = share[i];
        return shares;
    }

    /// <summary>Each lot's share (by index; 0 for a lot on a cycle, never walked) and the balance's running sums.</summary>
    private static (decimal[] Share, Totals Totals) Walk(LedgerInput input)
    {
        var graph = LineageGraph.Of(input.Edges, LineageGraph.Index(input.Lots));
        var share = new decimal[input.Lots.Count];
        var stage = new (Stage Stage, string? Country)[input.Lots.Count];
        var t = new Totals();
        foreach (var i in graph.Order())
        {
            var lot = input.Lots[i];
            var (lotShare, inherited, takenKg) = FromParents(lot, graph, i, share, stage, input.Season);
            share[i] = lotShare;
            stage[i] = Later(inherited, Own(lot));
            if (lotShare <= 0) continue;
            decimal intoChildren = 0;
            for (var k = graph.ChildStart[i]; k < graph.ChildStart[i + 1]; k++) intoChildren += graph.ChildKg[k] ?? 0;
            t.Add(lot, lotShare, takenKg, intoChildren, stage[i]);
        }
        return (share, t);
    }

    /// <summary>The farms' lines (every farm given, harvesting or not), in code order.</summary>
    public static IReadOnlyList<FarmLine> FarmLines(LedgerInput input)
    {
        var harvests = input.Lots.Where(l => IsSeasonHarvest(l, input.Season) && l.Farm is not null)
            .GroupBy(l => l.Farm!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Kg: g.Sum(l => Kg(l.Quantity, l.Unit) ?? 0), Count: g.Count()), StringComparer.Ordinal);
        return [.. input.Farms.OrderBy(f => f.Code, StringComparer.Ordinal).Select(f =>
        {
            var (kg, count) = harvests.GetValueOrDefault(f.Code);
            return new FarmLine(f.Code, f.Name, f.Owner, f.Commune, f.AreaHa, Round(f.AreaHa * input.MaxYieldKgPerHa), Round(kg), count,
                f.AreaHa > 0 ? Round(kg / f.AreaHa) : 0);
        })];
    }

    public static bool IsSeasonHarvest(LedgerLot lot, string season) => lot.OriginKind == "harvest" && lot.Season == season;

    public static decimal? Kg(decimal amount, string unit) => Units.ToKg(new Quantity(amount, unit));

    public static decimal Round(decimal kg) => Math.Round(kg, 3, MidpointRounding.AwayFromZero);

    /// <summary>The median of <paramref name="values"/> (0 when there are none).</summary>
    public static decimal Median(IReadOnlyList<decimal> values)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static (decimal Share, (Stage, string?) Inherited, decimal TakenKg) FromParents(LedgerLot lot, LineageGraph graph, int i,
        decimal[] share, (Stage Stage, string? Country)[] stage, string season)
    {
        if (lot.OriginKind == "harvest") return (IsSeasonHarvest(lot, season) ? 1 : 0, (Stage.Unpacked, null), 0);
        decimal taken = 0, fromSeason = 0;
        (Stage, string?) inherited = (Stage.Unpacked, null);
        for (var k = graph.ParentStart[i]; k < graph.ParentStart[i + 1]; k++)
        {
            if (graph.ParentKg[k] is not { } kg) continue;
            taken += kg;
            var parent = graph.Parent[k];
            if (parent < 0) continue; // a parent outside the loaded lots: not of the season
            fromSeason += kg * share[parent]; // walked already: parents come first
            inherited = Later(inherited, stage[parent]);
        }
        return (taken > 0 ? fromSeason / taken : 0, inherited, taken);
    }

    private static (Stage, string?) Own(LedgerLot lot) => lot.ShippedTo switch
    {
        ShippedTo.Abroad => (Stage.Abroad, lot.Country ?? "?"),
        ShippedTo.DomesticMarket => (Stage.DomesticMarket, null),
        _ when lot.Fumigated => (Stage.Fumigated, null),
        _ when lot.Packed => (Stage.Packed, null),
        _ => (Stage.Unpacked, null),
    };

    private static (Stage, string?) Later((Stage Stage, string? Country) a, (Stage Stage, string? Country) b) =>
        b.Stage >= a.Stage ? b : a;

    private static IReadOnlyList<CommuneLine> Communes(IReadOnlyList<FarmLine> farms, decimal maxYield) =>
    [
        .. farms.GroupBy(f => f.Commune, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var area = g.Sum(f => f.AreaHa);
            var harvested = g.Sum(f => f.HarvestedKg);
            return new CommuneLine(g.Key, g.Count(), area, Round(area * maxYield), harvested, area > 0 ? Round(harvested / area) : 0,
                Round(Median([.. g.Where(f => f.Harvests > 0).Select(f => f.YieldKgPerHa)])));
        }),
    ];

    /// <summary>The season's harvests by ISO week, summed by day first (a season has a few hundred days, not 200,000 weeks
    /// to name).</summary>
    private static IReadOnlyList<WeekLine> Weeks(LedgerInput input)
    {
        var days = new Dictionary<DateOnly, (decimal Kg, int Count)>();
        foreach (var l in input.Lots)
        {
            if (!IsSeasonHarvest(l, input.Season)) continue;
            var day = DateOnly.FromDateTime(l.CreatedAt.DateTime);
            var (kg, count) = days.GetValueOrDefault(day);
            days[day] = (kg + (Kg(l.Quantity, l.Unit) ?? 0), count + 1);
        }
        return
        [
            .. days.GroupBy(d => IsoWeek(d.Key.ToDateTime(TimeOnly.MinValue)), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new WeekLine(g.Key, Round(g.Sum(d => d.Value.Kg)), g.Sum(d => d.Value.Count))),
        ];
    }

    /// <summary>"2026-W24": the ISO week of a time, on its own calendar day.</summary>
    public static string IsoWeek(DateTimeOffset at) => IsoWeek(at.DateTime);

    private static string IsoWeek(DateTime day) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}");

    /// <summary>The running sums of the balance.</summary>
    private sealed class Totals
    {
        private readonly decimal[] _atStage = new decimal[5];
        private decimal _recalled, _loss, _leftClaim;
        public Dictionary<string, decimal> Exported { get; } = new(StringComparer.Ordinal);
        public int OtherUnits { get; private set; }

        public void Add(LedgerLot lot, decimal share, decimal takenKg, decimal intoChildrenKg, (Stage Stage, string? Country) at)
        {
            if (Kg(lot.Quantity, lot.Unit) is not { } kg || Kg(lot.Remaining, lot.Unit) is not { } remaining)
            {
                OtherUnits++;
                return;
            }
            if (lot.OriginKind == "transformation") _loss += share * (takenKg - kg);
            var intoChildren = intoChildrenKg * share;
            _leftClaim += Math.Max(0, share * (kg - remaining) - intoChildren);
            var held = share * remaining;
            if (lot.Status == "recalled") _recalled += held;
            else if (at.Stage == Stage.Abroad) Exported[at.Country!] = Exported.GetValueOrDefault(at.Country!) + held;
            else _atStage[(int)at.Stage] += held;
        }

        public SeasonBalance Balance(decimal harvested)
        {
            var b = new SeasonBalance(Round(harvested), Round(_atStage[0]), Round(_atStage[1]), Round(_atStage[2]), Round(_atStage[3]),
                Exported.Values.Sum(Round), Round(_recalled), Round(_loss), Round(_leftClaim), 0);
            return b with
            {
                UnaccountedKg = b.HarvestedKg - b.UnpackedKg - b.PackedKg - b.FumigatedKg - b.DomesticMarketKg - b.ExportedKg
                    - b.RecalledKg - b.TransformationLossKg - b.LeftClaimKg,
            };
        }
    }
}
