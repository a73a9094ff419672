using Nguon.Domain.Ledger;

namespace Nguon.Tests.Alerts;

/// <summary>The season ledger's figures (no cluster): the balance adds up, mixed lots count by their share, losses and
/// mass leaving the claim are their own lines, and lineage is walked once per lot.</summary>
public sealed class SeasonLedgerTests
{
    private static readonly DateTimeOffset June = new(2026, 6, 10, 6, 0, 0, TimeSpan.FromHours(7));

    private static LedgerLot Lot(string code, string kind, decimal kg, decimal remaining, string? season = "2026", string? farm = null,
        bool packed = false, bool fumigated = false, ShippedTo shipped = ShippedTo.Nowhere, string? country = null,
        string status = "active", string unit = "kg", int day = 0) =>
        new(code, kind, farm, kind == "harvest" ? season : null, kg, unit, remaining, status, June.AddDays(day), packed, fumigated, shipped,
            country, "lychee");

    private static SeasonLedger_ Compute(IReadOnlyList<LedgerLot> lots, IReadOnlyList<LedgerEdge> edges,
        IReadOnlyList<LedgerFarm>? farms = null) =>
        new(SeasonLedgers.Compute(new LedgerInput("VN-GI-00017", "2026", 12_000m, farms ?? [], lots, edges), June, null, _ => true));

    private sealed record SeasonLedger_(Model.SeasonLedger L)
    {
        public Model.SeasonBalance B => L.Balance;
    }

    private static LedgerEdge E(string child, string parent, decimal kg, string unit = "kg") => new(child, parent, kg, unit);

    [Fact]
    public void The_demo_chain_adds_up_by_stage()
    {
        var l = Compute(
        [
            Lot("PS", "harvest", 1200, 0, farm: "F1"), Lot("QS", "harvest", 800, 0, farm: "F2"), Lot("HG", "harvest", 600, 200, farm: "F3"),
            Lot("P", "merge", 2400, 0, packed: true, fumigated: true, day: 0),
            Lot("EXP", "split", 1500, 1500, shipped: ShippedTo.Abroad, country: "JP", day: 1),
            Lot("DOM", "split", 900, 850, shipped: ShippedTo.DomesticMarket, day: 1), Lot("RT", "split", 50, 50, day: 2),
        ], [E("P", "PS", 1200), E("P", "QS", 800), E("P", "HG", 400), E("EXP", "P", 1500), E("DOM", "P", 900), E("RT", "DOM", 50)]);
        Assert.Equal(2600m, l.B.HarvestedKg);
        Assert.Equal(200m, l.B.UnpackedKg);
        Assert.Equal(1500m, l.B.ExportedKg);
        Assert.Equal(900m, l.B.DomesticMarketKg);
        Assert.Equal(0m, l.B.UnaccountedKg);
        Assert.Equal([new Model.CountryLine("JP", 1500m)], l.L.ExportedByCountry);
        Assert.Equal(["2026-W24"], l.L.Weeks.Select(w => w.Week));
    }

    [Fact]
    public void A_lot_mixed_from_two_seasons_counts_by_its_share_and_a_transformation_loses_what_its_yield_takes()
    {
        var l = Compute(
        [
            Lot("NEW", "harvest", 600, 0), Lot("OLD", "harvest", 400, 0, season: "2025"),
            Lot("MIX", "merge", 1000, 500, packed: true), Lot("DRY", "transformation", 125, 125, day: 1),
        ], [E("MIX", "NEW", 600), E("MIX", "OLD", 400), E("DRY", "MIX", 500)]);
        Assert.Equal(600m, l.B.HarvestedKg);
        Assert.Equal(375m, l.B.PackedKg); // 60 % of what MIX holds (500 kg) and of DRY (125 kg), which inherits the packing
        Assert.Equal(225m, l.B.TransformationLossKg); // 60 % of (500 − 125)
        Assert.Equal(0m, l.B.UnaccountedKg);
    }

    [Fact]
    public void Mass_taken_into_lots_without_the_claim_or_destroyed_leaves_the_claim_and_a_missing_lot_is_unaccounted()
    {
        var left = Compute([Lot("H", "harvest", 1000, 100), Lot("C", "split", 600, 600, day: 1)], [E("C", "H", 600)]);
        Assert.Equal(300m, left.B.LeftClaimKg);
        Assert.Equal(0m, left.B.UnaccountedKg);
        var recalled = Compute([Lot("H", "harvest", 1000, 1000, status: "recalled")], []);
        Assert.Equal(1000m, recalled.B.RecalledKg);
        // Lots that hold more than was harvested: the balance says so with a negative unaccounted line.
        var over = Compute([Lot("H", "harvest", 1000, 0), Lot("C", "split", 1500, 1500, day: 1)], [E("C", "H", 1500)]);
        Assert.Equal(-500m, over.B.UnaccountedKg);
        var boxes = Compute([Lot("H", "harvest", 1000, 0), Lot("B", "split", 100, 100, unit: "box", day: 1)], [E("B", "H", 1000)]);
        Assert.Equal(1, boxes.L.LotsInOtherUnits);
        Assert.Equal(1000m, boxes.B.UnaccountedKg);
    }

    [Fact]
    public void A_cycle_in_bad_rows_is_not_walked()
    {
        var l = Compute([Lot("H", "harvest", 100, 0), Lot("A", "merge", 100, 100), Lot("B", "merge", 100, 100)],
            [E("A", "H", 100), E("A", "B", 1), E("B", "A", 1)]);
        Assert.Equal(100m, l.B.HarvestedKg);
        Assert.Equal(100m, l.B.UnaccountedKg);
    }

    [Fact]
    public void A_generated_season_adds_up_and_its_communes_sum_to_its_farms()
    {
        var season = new SeasonGenerator(communes: 5, farmsPerCommune: 40).Honest().WithFrauds().WithHonestExtras();
        var l = SeasonLedgers.Compute(season.Input, June, null, _ => true);
        Assert.Equal(0m, l.Balance.UnaccountedKg);
        Assert.True(l.Balance.ExportedKg > 0 && l.Balance.UnpackedKg > 0 && l.Balance.TransformationLossKg > 0, l.Balance.ToString());
        Assert.Equal(l.Farms.HarvestedKg, l.Communes.Sum(c => c.HarvestedKg));
        Assert.Equal(l.Farms.HarvestedKg, l.FarmLines.Sum(f => f.HarvestedKg));
        Assert.Equal(l.Farms.HarvestedKg, l.Weeks.Sum(w => w.HarvestedKg));
        var own = SeasonLedgers.Compute(season.Input, June, null, f => f.Owner == "htx-c01");
        Assert.All(own.FarmLines, f => Assert.Equal("htx-c01", f.Owner));
        Assert.Equal(40, own.FarmLines.Count);
        Assert.Equal(l.Balance, own.Balance);
    }
}
