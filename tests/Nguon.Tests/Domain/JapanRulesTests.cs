using Nguon.Domain.Markets;
using Nguon.Model;

namespace Nguon.Tests.Domain;

/// <summary>Japan's import rules for Vietnamese lychee (the embedded rule set jp.json) judged over a small chain:
/// harvest → packed lot (packing, fumigation, residue sampling) → export lot (phytosanitary inspection).</summary>
public sealed class JapanRulesTests
{
    private static readonly MarketRuleSet Japan = MarketRuleSet.For("JP")!;

    private const string Farm = "VNBG-LN-PS-001";
    private const string PhytosanitarySha = "c3b38c16a82b871530f742b1c10107eeb81f454ad071871f6bb6b057a5c193cc";
    private const string ResidueSha = "74b3b667e127c28ac4ea458d18a44af8c85ce63eeb5aa77a1dd7b14097c43dbd";

    private sealed record Lot(
        decimal Dose = 32m, string DoseUnit = "g/m3", decimal Duration = 2m, string DurationUnit = "h", string Facility = "FUM-BG-01",
        string PackingHouse = "PH-BG-LN-001", bool Phytosanitary = true, bool ResidueReport = true, string FarmCode = Farm,
        (string Substance, decimal Ppm)[]? Residues = null, string? AttachedPhytosanitary = null);

    private static MarketCheck Judge(Lot lot)
    {
        var farm = Fixtures.Farm() with { Code = lot.FarmCode };
        var harvest = Batch("H-1", new BatchOrigin(OriginKind.Harvest, lot.FarmCode, "2025", [], null));
        var packed = Batch("P-1", new BatchOrigin(OriginKind.Merge, null, null, [new ParentLink("H-1", new(1000m, "kg"), 2, "h", Fixtures.GiNumber)], null));
        var export = Batch("EXP-1", new BatchOrigin(OriginKind.Split, null, null, [new ParentLink("P-1", new(600m, "kg"), 5, "p", Fixtures.GiNumber)], null));
        var residues = lot.Residues ?? [("cypermethrin", 0.12m), ("difenoconazole", 0.004m)];
        var graph = new ProvenanceGraph("EXP-1", new string('a', 64),
        [
            new BatchNode(export, [Event(1, "commissioning", null), Event(2, "inspecting", "PH-BG-LN-001") with
            {
                Documents = lot.Phytosanitary ? [new DocumentRef(PhytosanitarySha, "phytosanitary-certificate", "PC-1.pdf")] : [],
            }]),
            new BatchNode(packed, [
                Event(1, "commissioning", null),
                Event(2, "packing", lot.PackingHouse),
                Event(3, "urn:nguon:bizstep:fumigating", lot.Facility) with
                {
                    Sensors = [new("urn:nguon:sensor:methyl-bromide-dose", lot.Dose, lot.DoseUnit), new("urn:nguon:sensor:exposure-duration", lot.Duration, lot.DurationUnit)],
                },
                Event(4, "sampling", "PH-BG-LN-001") with
                {
                    Sensors = [.. residues.Select(r => new SensorReading("urn:nguon:residue:" + r.Substance, r.Ppm, "mg/kg"))],
                    Documents = lot.ResidueReport ? [new DocumentRef(ResidueSha, "residue-report", "RES-1.json")] : [],
                }]),
            new BatchNode(harvest, [Event(1, "commissioning", lot.FarmCode) with { EventTime = Fixtures.HarvestTime }]),
        ], [farm], [Fixtures.Certificate()], [], [Logs.Of(farm)], [Logs.Of(Fixtures.Certificate())]);
        var attached = lot.AttachedPhytosanitary is { } sha
            ? [new SubjectDocuments(DocumentSubjectKind.Batch, "EXP-1", [new DocumentInfo(sha, 1000, "application/pdf", "PC-2.pdf", "phytosanitary-certificate", "ppd", Fixtures.Now)])]
            : Array.Empty<SubjectDocuments>();
        return MarketRules.Evaluate(Japan, graph, attached, Fixtures.Now);
    }

    private static Batch Batch(string code, BatchOrigin origin) =>
        new(code, null, null, "lychee", "Thiều", new(1000m, "kg"), 1000m, BatchStatus.Active, Fixtures.GiNumber, "packer", null, origin, [], 0, "", Fixtures.HarvestTime);

    private static BatchEvent Event(int sequence, string bizStep, string? readPoint) =>
        new(sequence, $"e{sequence}", "ObjectEvent", bizStep, null, Fixtures.HarvestTime.AddHours(sequence), Fixtures.HarvestTime.AddHours(sequence),
            readPoint, null, "packer", null, [], [], [], [], null, "", "");

    private static MarketRuleResult Rule(MarketCheck check, string rule) => Assert.Single(check.Rules, r => r.Rule == rule);

    private static void FailsOnly(MarketCheck check, string rule, string expected)
    {
        Assert.False(check.Passed);
        var failed = Assert.Single(check.Rules, r => !r.Passed);
        Assert.Equal(rule, failed.Rule);
        Assert.Contains(expected, failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_lot_passes_every_rule()
    {
        var check = Judge(new Lot());

        Assert.True(check.Passed, string.Join("; ", check.Rules.Where(r => !r.Passed).Select(r => r.Message)));
        Assert.Equal("JP", check.Market);
        Assert.Equal(
            new[] { "market.growing-area", "market.packing-house", "market.treatment", "market.document.phytosanitary-certificate", "market.residues" },
            check.Rules.Select(r => r.Rule));
        Assert.All(check.Rules, r => Assert.True(r.Passed));
        Assert.Contains("32 g/m³ for 2 h", Rule(check, "market.treatment").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dose_of_31_g_per_cubic_metre_fails() =>
        FailsOnly(Judge(new Lot(Dose: 31m)), "market.treatment", "dose 31 g/m³ is below 32 g/m³");

    [Fact]
    public void An_exposure_of_1_h_50_min_fails() =>
        FailsOnly(Judge(new Lot(Duration: 110m, DurationUnit: "min")), "market.treatment", "exposure 1 h 50 min is shorter than 2 h");

    [Fact]
    public void Exactly_32_g_for_120_minutes_passes() =>
        Assert.True(Judge(new Lot(Dose: 32m, Duration: 120m, DurationUnit: "min")).Passed);

    [Fact]
    public void Fumigation_at_a_facility_that_is_not_recognised_fails() =>
        FailsOnly(Judge(new Lot(Facility: "FUM-XX-99")), "market.treatment", "facility FUM-XX-99 is not recognised");

    [Fact]
    public void A_dose_in_another_unit_is_not_taken_as_grams_per_cubic_metre() =>
        FailsOnly(Judge(new Lot(DoseUnit: "oz/ft3")), "market.treatment", "dose unit 'oz/ft3' is not g/m3");

    [Fact]
    public void A_missing_phytosanitary_certificate_fails() =>
        FailsOnly(Judge(new Lot(Phytosanitary: false)), "market.document.phytosanitary-certificate", "no phytosanitary certificate is on record for lot EXP-1");

    [Fact]
    public void A_phytosanitary_certificate_attached_to_the_lot_counts_without_an_event_referencing_it() =>
        Assert.True(Judge(new Lot(Phytosanitary: false, AttachedPhytosanitary: PhytosanitarySha)).Passed);

    [Fact]
    public void A_residue_of_0_02_ppm_of_an_unlisted_substance_fails() =>
        FailsOnly(Judge(new Lot(Residues: [("cypermethrin", 0.12m), ("unlistedazole", 0.02m)])), "market.residues",
            "unlistedazole at 0.02 ppm in P-1 exceeds the limit for substances without their own, 0.01 ppm");

    [Fact]
    public void A_residue_of_0_01_ppm_of_an_unlisted_substance_passes() =>
        Assert.True(Judge(new Lot(Residues: [("unlistedazole", 0.01m)])).Passed);

    [Fact]
    public void A_listed_substance_is_judged_against_its_own_limit() =>
        FailsOnly(Judge(new Lot(Residues: [("cypermethrin", 2.5m)])), "market.residues", "cypermethrin at 2.5 ppm in P-1 exceeds its limit, 2 ppm");

    [Fact]
    public void Residue_results_without_the_laboratory_report_fail() =>
        FailsOnly(Judge(new Lot(ResidueReport: false)), "market.residues", "no residue report is on record");

    [Fact]
    public void No_residue_results_fail() =>
        FailsOnly(Judge(new Lot(Residues: [])), "market.residues", "no residue results are on record");

    [Fact]
    public void Packing_at_an_uncoded_place_fails() =>
        FailsOnly(Judge(new Lot(PackingHouse: "backyard")), "market.packing-house", "not at a coded packing house");

    [Fact]
    public void A_farm_without_a_growing_area_code_fails() =>
        FailsOnly(Judge(new Lot(FarmCode: "farm-7")), "market.growing-area", "farm farm-7 has no growing-area code");

    [Fact]
    public void Another_market_is_a_rule_set_not_code_and_unknown_markets_have_none()
    {
        Assert.Same(Japan, MarketRuleSet.For("jp"));
        Assert.Null(MarketRuleSet.For("VN"));
        Assert.Null(MarketRuleSet.For(null));
        // A rule set parsed from data alone is judged by the same function.
        var strict = MarketRuleSet.Parse("""
            {"market":"XX","ruleSet":"xx-test","title":"test","products":["lychee"],"lotDocuments":["phytosanitary-certificate","certificate-of-origin"]}
            """);
        var check = MarketRules.Evaluate(strict, new ProvenanceGraph("EXP-1", "", [], [], [], [], [], []) with
        {
            Batches = [new BatchNode(Batch("EXP-1", new BatchOrigin(OriginKind.Harvest, Farm, "2025", [], null)), [])],
        }, [], Fixtures.Now);
        Assert.Equal(new[] { "market.document.phytosanitary-certificate", "market.document.certificate-of-origin" }, check.Rules.Select(r => r.Rule));
        Assert.False(check.Passed);
    }
}
