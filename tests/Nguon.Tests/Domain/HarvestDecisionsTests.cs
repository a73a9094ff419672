using Nguon.Domain;
using Nguon.Domain.Farms;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

public class HarvestDecisionsTests
{
    private static readonly Actor Owner = new("HTX Vải thiều Phượng Sơn", [Role.Producer]);
    private static readonly string ValidGtin = "1893456700123" + Gtin.CheckDigit("1893456700123");

    private static FarmSeason Ledger(decimal kg = 0m, params string[] batches) => new(FarmCode, "2025", kg, batches);

    private static HarvestFacts Facts(FarmSeason? ledger = null, Batch? existing = null, string? labelHolder = null,
        bool noCertificate = false) => new(noCertificate ? null : Certificate(), ledger ?? Ledger(), existing, labelHolder,
            new Dictionary<string, CompanyPrefix> { [Gtin.ToGtin14(ValidGtin)] = new("893456700", Owner.Organisation, "GS1-TEST", Now, []) },
            new Dictionary<string, string>());

    private static Outcome<HarvestPlan> Decide(RecordHarvest? harvest = null, HarvestFacts? facts = null, Actor? actor = null) =>
        HarvestDecisions.Decide(Farm(), FarmCode, harvest ?? Harvest(), actor ?? Owner, Now, facts ?? Facts());

    private static string[] Rules(IEnumerable<Violation> v) => [.. v.Select(x => x.Rule)];

    [Fact]
    public void Unknown_farm_then_foreign_actor_then_input_are_judged_before_anything_is_loaded()
    {
        var missing = HarvestDecisions.Admit(null, FarmCode, Harvest(), Owner, Now);
        Assert.Equal((OutcomeStatus.NotFound, "farm.unknown"), (missing.Status, missing.Violations[0].Rule));
        var neighbour = new Actor("HTX Quý Sơn", [Role.Producer]);
        var stranger = HarvestDecisions.Admit(Farm(), FarmCode, Harvest() with { Product = "" }, neighbour, Now);
        Assert.Equal(OutcomeStatus.Forbidden, stranger.Status);
        var bad = Harvest() with
        {
            BatchCode = "H 1",
            Product = " ",
            Quantity = new(0m, "kg"),
            GiClaim = "GI 50",
            HarvestedAt = Now.AddHours(1),
            Gtin = "123",
            Lot = "lô 1",
        };
        var refused = HarvestDecisions.Admit(Farm(), FarmCode, bad, Owner, Now);
        Assert.Equal(["input.id", "input.product", "quantity.not-positive", "input.id", "time.future", "input.gtin", "input.lot"],
            Rules(refused.Violations));
    }

    [Fact]
    public void Label_refusals_use_the_shared_input_rules_wording()
    {
        var bad = Harvest() with { BatchCode = "H 1", Gtin = "123", Lot = "lô 1" };
        var messages = HarvestDecisions.Check(bad, Now).Select(v => v.Message).ToList();
        Assert.Equal([InputRules.Id("H 1", "batch code")!.Message, .. InputRules.Label("123", "lô 1").Select(v => v.Message)], messages);
    }

    [Fact]
    public void An_accepted_harvest_plans_the_reservation_and_the_commissioning_batch()
    {
        var decided = Decide(Harvest(amount: 1.5m, unit: "t") with { Gtin = ValidGtin, Lot = "LN-1" });
        var plan = decided.Value!;
        Assert.Equal(("2025", 1_500m, 20_000m), (plan.Season, plan.Kg, plan.LimitKg));
        Assert.Null(plan.AlreadyRecorded);
        Assert.Equal((EventTypes.Object, BizStep.Commissioning.Value), (plan.Creation.EventType, plan.Creation.BizStep));
        Assert.Equal(($"harvest:{FarmCode}:H-2025-001", Farm().Owner, OriginKind.Harvest, "2025"),
            (plan.Creation.OperationId, plan.Creation.Custodian, plan.Creation.Origin.Kind, plan.Creation.Origin.Season));
    }

    [Fact]
    public void A_harvest_without_claim_reserves_without_a_limit()
    {
        Assert.Null(Decide(Harvest(gi: null), Facts(noCertificate: true)).Value!.LimitKg);
    }

    [Fact]
    public void The_same_harvest_sent_again_answers_with_its_batch()
    {
        var existing = new ChainBuilder().Harvest("H-2025-001", 1_000m);
        var decided = Decide(facts: Facts(Ledger(1_000m, "H-2025-001"), existing));
        Assert.Same(existing, decided.Value!.AlreadyRecorded);
    }

    [Fact]
    public void A_batch_code_taken_by_another_harvest_is_a_conflict()
    {
        var existing = new ChainBuilder().Harvest("H-2025-001", 1_000m);
        var decided = Decide(facts: Facts(existing: existing));
        Assert.Equal((OutcomeStatus.Conflict, "batch.exists"), (decided.Status, decided.Violations[0].Rule));
    }

    [Fact]
    public void Label_taken_and_gi_reasons_are_reported_together()
    {
        var harvest = Harvest(amount: 25_000m, product: "longan") with { Gtin = ValidGtin, Lot = "LN-1" };
        var decided = Decide(harvest, Facts(labelHolder: "H-OTHER"));
        Assert.Equal(["label.taken", "gi.product-mismatch", "gi.yield-exceeded"], Rules(decided.Violations));
        Assert.Equal(InputRules.LabelTaken(ValidGtin, "LN-1", "H-OTHER"), decided.Violations[0]);
    }

    [Fact]
    public void A_label_held_by_this_batch_is_no_refusal()
    {
        Assert.True(Decide(Harvest() with { Gtin = ValidGtin, Lot = "LN-1" }, Facts(labelHolder: "H-2025-001")).IsOk);
    }

    [Fact]
    public void A_retry_after_the_reservation_does_not_count_its_own_mass_twice()
    {
        // 19,500 kg reserved, this harvest's 1,000 among them: the retry is within the 20,000 kg limit.
        Assert.True(Decide(facts: Facts(Ledger(19_500m, "H-2025-001"))).IsOk);
        Assert.Equal(["gi.yield-exceeded"], Rules(Decide(facts: Facts(Ledger(19_500m))).Violations));
    }

    [Fact]
    public void The_farm_and_the_season_ledger_word_the_yield_refusal_alike()
    {
        var atFarm = Decide(facts: Facts(Ledger(19_500m))).Violations.Single();
        var atLedger = HarvestDecisions.Reserve(Ledger(19_500m, "H-1"), "H-2025-001", 1_000m, 20_000m).Violations.Single();
        Assert.Equal(atFarm, atLedger);
        Assert.Equal($"farm {FarmCode} would harvest 20500 kg in the 2025 season, above its plausible maximum of 20000 kg "
            + "(area × the GI's maximum yield per ha)", atLedger.Message);
    }

    [Fact]
    public void The_ledger_reserves_once_within_its_limit_and_its_bound()
    {
        Assert.True(HarvestDecisions.Reserve(Ledger(19_000m), "H-2", 1_000m, 20_000m) is { IsOk: true, Value.AlreadyHeld: false });
        Assert.True(HarvestDecisions.Reserve(Ledger(25_000m, "H-2"), "H-2", 1_000m, 20_000m).Value!.AlreadyHeld);
        Assert.True(HarvestDecisions.Reserve(Ledger(1_000_000m), "H-2", 1_000m, null).IsOk);

        var full = Ledger(19_500m, [.. Enumerable.Range(0, HarvestDecisions.MaxHarvestsPerSeason).Select(i => $"H-{i}")]);
        Assert.Equal(["gi.yield-exceeded", "farm.season-full"], Rules(HarvestDecisions.Reserve(full, "H-X", 1_000m, 20_000m).Violations));
    }

    [Fact]
    public void A_farm_lists_each_season_once_and_keeps_the_latest()
    {
        var listed = HarvestDecisions.WithSeason(Farm(), "2025")!;
        Assert.Equal("2025", Assert.Single(listed.Seasons).Season);
        Assert.Null(HarvestDecisions.WithSeason(listed, "2025"));
        var seasons = Enumerable.Range(1900, HarvestDecisions.MaxSeasons).Select(y => new SeasonTotal($"{y}", 0, 0));
        var many = Farm() with { Seasons = [.. seasons] };
        var next = HarvestDecisions.WithSeason(many, "2100")!;
        Assert.Equal((HarvestDecisions.MaxSeasons, "1901", "2100"),
            (next.Seasons.Count, next.Seasons[0].Season, next.Seasons[^1].Season));
    }
}
