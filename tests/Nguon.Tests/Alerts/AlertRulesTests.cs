using Nguon.Domain.Alerts;
using Nguon.Domain.Ledger;
using Nguon.Model;

namespace Nguon.Tests.Alerts;

/// <summary>The alert rules over a synthetic season (no cluster): every planted fraud raises its alert with its evidence,
/// the honest remainder raises none, and each rule's edge is where its thresholds say.</summary>
public sealed class AlertRulesTests
{
    private static readonly AlertRuleSet Lychee = AlertRuleSet.For(SeasonGenerator.Gi);

    [Fact]
    public void Every_planted_fraud_is_found_and_the_honest_farms_raise_nothing()
    {
        var season = new SeasonGenerator(communes: 6, farmsPerCommune: 30).Honest().WithFrauds().WithHonestExtras();
        var found = AlertRules.Evaluate(season.Facts, Lychee, SeasonGenerator.Now);
        var raised = found.Select(f => (f.Rule, f.Subject)).ToHashSet();
        foreach (var fraud in season.Planted)
            Assert.True(raised.Contains(fraud), $"{fraud} was planted and not found; found {string.Join("; ", raised)}");
        var stray = raised.Where(r => !season.Planted.Contains(r)).ToList();
        Assert.True(stray.Count == 0, $"alerts on honest subjects: {string.Join("; ", stray)} ({season})");
        Assert.Equal(found.Count, raised.Count);
    }

    [Fact]
    public void An_honest_season_raises_no_alert()
    {
        var season = new SeasonGenerator(communes: 8, farmsPerCommune: 25, seed: 3).Honest().WithHonestExtras();
        Assert.Empty(AlertRules.Evaluate(season.Facts, Lychee, SeasonGenerator.Now));
    }

    [Fact]
    public void Findings_carry_their_evidence()
    {
        var season = new SeasonGenerator(communes: 3, farmsPerCommune: 10).Honest().WithFrauds();
        var found = AlertRules.Evaluate(season.Facts, Lychee, SeasonGenerator.Now).ToDictionary(f => (f.Rule, f.Subject));

        var outlier = found[(AlertRules.YieldOutlier, "VNBG-LN-OUTLIER")];
        Assert.Equal(["VNBG-LN-OUTLIER"], outlier.Evidence.Farms);
        Assert.Equal(11_000m, outlier.Evidence.Figures["yieldKgPerHa"]);
        Assert.InRange(outlier.Evidence.Figures["communeMedianKgPerHa"], 4_500m, 6_000m);

        var cap = found[(AlertRules.NearCap, "VNBG-LN-CAPPED")];
        Assert.Equal(11_880m, cap.Evidence.Figures["harvestedKg"]);
        Assert.Equal(12_000m, cap.Evidence.Figures["capacityKg"]);

        var treatment = found.Values.Single(f => f.Rule == AlertRules.TreatmentOverCapacity);
        Assert.Equal(3, treatment.Evidence.Lots.Count);
        Assert.Equal(7_200m, treatment.Evidence.Figures["claimedKg"]);
        Assert.Equal(5_000m, treatment.Evidence.Figures["capacityKg"]);
        Assert.All(treatment.Evidence.Events, e => Assert.EndsWith("#2", e));

        var transit = found.Values.Single(f => f.Rule == AlertRules.TransitTooLong);
        Assert.Equal(120m, transit.Evidence.Figures["maxHours"]);
        Assert.Contains("has been in transit", transit.Summary);

        var dried = found.Values.Single(f => f.Rule == AlertRules.TransformationYield);
        Assert.Equal(0.6m, dried.Evidence.Figures["yield"]);
        Assert.Equal(2, dried.Evidence.Lots.Count);
        Assert.Equal(5m, found.Values.Single(f => f.Rule == AlertRules.UnknownLotScans).Evidence.Figures["scans"]);
        Assert.Equal(240m, found.Values.Single(f => f.Rule == AlertRules.BackDated).Evidence.Figures["delayHours"]);
    }

    [Fact]
    public void Treatment_capacity_is_judged_per_chamber_cycle_and_a_run_of_overloaded_windows_is_one_finding()
    {
        var rule = Lychee.TreatmentCapacity!; // FUM-BG-02: 2 chambers, 5,000 kg per 3 h
        var t0 = new DateTimeOffset(2026, 6, 20, 8, 0, 0, TimeSpan.FromHours(7));
        TreatmentFact T(string lot, double hours, decimal kg) => new(lot, 2, "FUM-BG-02", t0.AddHours(hours), kg);

        Assert.Empty(AlertRules.Treatments([T("a", 0, 2_500), T("b", 1, 2_500), T("c", 3, 2_500), T("d", 6, 2_500)], rule));
        var run = AlertRules.Treatments([T("a", 0, 2_000), T("b", 1, 2_000), T("c", 2, 2_000), T("d", 2.5, 2_000), T("e", 4, 500)], rule)
            .ToList();
        var one = Assert.Single(run);
        Assert.Equal(8_000m, one.Evidence.Figures["claimedKg"]);
        Assert.Equal(["a", "b", "c", "d"], one.Evidence.Lots);
        var two = AlertRules.Treatments([T("a", 0, 3_000), T("b", 1, 3_000), T("c", 10, 3_000), T("d", 11, 3_000)], rule).ToList();
        Assert.Equal(2, two.Count);
        Assert.Empty(AlertRules.Treatments([T("a", 0, 9_000)], rule with { Facilities = [] }));
        Assert.Empty(AlertRules.Treatments([new TreatmentFact("x", 2, "FUM-UNKNOWN", t0, 90_000)], rule));
    }

    [Fact]
    public void Thresholds_are_inclusive_where_the_rule_set_says_so()
    {
        var h = new DateTimeOffset(2026, 5, 20, 6, 0, 0, TimeSpan.FromHours(7));
        Assert.Empty(AlertRules.BackDating([new("a", null, 1, h, h.AddHours(72))], Lychee.BackDating!));
        Assert.Single(AlertRules.BackDating([new("a", null, 1, h, h.AddHours(72.1))], Lychee.BackDating!));
        Assert.Empty(AlertRules.Window([new("a", null, 1, h, h), new("b", null, 1, new(2026, 7, 31, 23, 0, 0, h.Offset), h)],
            Lychee.HarvestWindow!));
        Assert.Single(AlertRules.Window([new("a", null, 1, h.AddDays(-1), h)], Lychee.HarvestWindow!));
        // A harvest on 20 May at 06:00 in Viet Nam is 19 May in UTC: the window is the harvest's own calendar day.
        Assert.Empty(AlertRules.Window([new("a", null, 1, h, h)], Lychee.HarvestWindow! with { From = "05-20" }));
        Assert.Empty(AlertRules.Transits([new("a", 1, h, "VN", h.AddHours(48), 2)], Lychee.Transit!, h));
        Assert.Single(AlertRules.Transits([new("a", 1, h, "VN", h.AddHours(49), 2)], Lychee.Transit!, h));
        Assert.Single(AlertRules.Transits([new("a", 1, h, "FR", h.AddHours(169), 2)], Lychee.Transit!, h));
        Assert.Empty(AlertRules.Scans([new("g", new DateOnly(2026, 7, 1), 2)], Lychee.UnknownScans!));
    }

    [Fact]
    public void The_p95_method_compares_a_farm_with_its_communes_other_farms()
    {
        FarmLine F(string code, decimal perHa) => new(code, code, "o", "C", 1m, 12_000m, perHa, 1, perHa);
        var farms = Enumerable.Range(0, 20).Select(i => F($"f{i:00}", 5_000m + i * 50m)).Append(F("big", 8_000m)).ToList();
        var p95 = new YieldOutlierRule("p95", 1.3m, 5);
        Assert.Equal(["big"], AlertRules.Outliers(farms, p95).Select(f => f.Subject));
        Assert.Empty(AlertRules.Outliers(farms.Take(4).ToList(), p95 with { MinFarms = 5 }));
        Assert.Empty(AlertRules.Outliers(farms, new YieldOutlierRule("median", 1.8m, 5)));
    }

    [Fact]
    public void Alert_ids_name_the_finding_and_nothing_else()
    {
        var id = AlertRules.AlertId("VN-GI-00017", "2026", AlertRules.NearCap, "VNBG-LN-PS-001");
        Assert.Matches("^AL-[0-9a-f]{20}$", id);
        Assert.Equal(id, AlertRules.AlertId("VN-GI-00017", "2026", AlertRules.NearCap, "VNBG-LN-PS-001"));
        Assert.NotEqual(id, AlertRules.AlertId("VN-GI-00017", "2025", AlertRules.NearCap, "VNBG-LN-PS-001"));
        Assert.NotEqual(id, AlertRules.AlertId("VN-GI-00017", "2026", AlertRules.YieldOutlier, "VNBG-LN-PS-001"));
    }

    [Fact]
    public void Rule_sets_are_data_and_a_GI_without_its_own_file_gets_the_default()
    {
        Assert.Equal("luc-ngan-lychee-2026", Lychee.RuleSet);
        Assert.Equal(3, Lychee.TreatmentCapacity!.WindowHours);
        var other = AlertRuleSet.For("VN-GI-99999");
        Assert.Equal("VN-GI-99999", other.Gi);
        Assert.Null(other.HarvestWindow);
        Assert.NotNull(other.NearCap);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => AlertRuleSet.Parse("""{"gi": "x"}"""));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => AlertRuleSet.Parse(
            """{"gi": "x", "ruleSet": "r", "title": "t", "yieldOutlier": {"method": "median", "k": "high", "minFarms": 5}}"""));
    }

    [Theory]
    [InlineData(AlertState.Open, AlertState.Acknowledged, null)]
    [InlineData(AlertState.Open, AlertState.Closed, null)]
    [InlineData(AlertState.Acknowledged, AlertState.Closed, null)]
    [InlineData(AlertState.Closed, AlertState.Open, null)]
    [InlineData(AlertState.Acknowledged, AlertState.Open, null)]
    [InlineData(AlertState.Closed, AlertState.Acknowledged, "alert.transition")]
    [InlineData(AlertState.Open, AlertState.Open, "alert.state-unchanged")]
    public void The_workflow_allows_what_an_inspector_does(AlertState from, AlertState to, string? refusal)
    {
        Assert.Equal(refusal, AlertWorkflow.Check(from, 0, new ChangeAlert(to, "checked on site"))?.Rule);
        Assert.Equal("input.alert-note", AlertWorkflow.Check(from, 0, new ChangeAlert(to, " "))?.Rule);
        Assert.Equal(refusal ?? "alert.too-many-changes",
            AlertWorkflow.Check(from, AlertWorkflow.MaxChanges, new ChangeAlert(to, "n"))?.Rule);
    }
}
